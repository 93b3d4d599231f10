/**
 * The case file's schemas as values, for the CLI, the tools and the tests. Workflow code does not import this
 * module: the worker freezes what its shared modules export, so workflows ask caseFileSchemas() for them.
 */
import { caseFileSchemas } from './case-file.js';

export const { caseIdSchema, caseFileSchema } = caseFileSchemas();
