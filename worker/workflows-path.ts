import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The workflow entry point beside this file: compiled JS under dist/, TypeScript source in tests. */
export function workflowsPath(): string {
  const js = fileURLToPath(new URL('../workflows/index.js', import.meta.url));
  return existsSync(js) ? js : fileURLToPath(new URL('../workflows/index.ts', import.meta.url));
}
