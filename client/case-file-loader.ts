/** Reads a case file (JSON or YAML, from a path or stdin) and validates it before anything starts. */
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { caseFileConsistency, caseFileSchema, type CaseFile } from '../common/case-file.js';
import { fieldProblems, type FieldProblem } from '../common/validation.js';

export class CaseFileError extends Error {
  override name = 'CaseFileError';
  constructor(
    readonly source: string,
    readonly problems: FieldProblem[],
  ) {
    super(
      `${source} is not a valid case file:\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`,
    );
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function parseCaseFileText(text: string, source: string): CaseFile {
  let raw: unknown;
  try {
    // YAML is a superset of JSON, so one parser reads both.
    raw = parseYaml(text, { prettyErrors: false });
  } catch (error) {
    const line = (error as { linePos?: { line: number }[] }).linePos?.[0]?.line;
    throw new CaseFileError(source, [
      { path: '(file)', message: `not valid JSON or YAML${line ? ` (line ${line})` : ''}` },
    ]);
  }
  const parsed = caseFileSchema.safeParse(raw);
  if (!parsed.success) throw new CaseFileError(source, fieldProblems(parsed.error));
  const problems = caseFileConsistency(parsed.data);
  if (problems.length) throw new CaseFileError(source, problems);
  return parsed.data;
}

export async function loadCaseFile(pathOrDash: string): Promise<CaseFile> {
  if (pathOrDash === '-') return parseCaseFileText(await readStdin(), 'standard input');
  let text: string;
  try {
    text = await readFile(pathOrDash, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CaseFileError(pathOrDash, [
      { path: '(file)', message: code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? 'error'})` },
    ]);
  }
  return parseCaseFileText(text, pathOrDash);
}
