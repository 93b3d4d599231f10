/**
 * The case file's schemas built once, for the CLI, the tools and the tests, which check many files in one
 * process. Workflow code does not import this module: it builds them with caseFileSchemas() where it checks a
 * file, and lets them go (case-file.ts).
 */
import { caseFileSchemas } from './case-file.js';

export const { caseIdSchema, caseFileSchema } = caseFileSchemas();
