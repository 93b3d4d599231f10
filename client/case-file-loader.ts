/** Reads a case file (JSON or YAML, from a path or stdin) and validates it before anything starts. */
import { readFile } from 'node:fs/promises';
import { parseDocument, YAMLError } from 'yaml';
import { caseFileProblems, type CaseFile } from '../domain/case-file.js';
import { caseFileSchema } from '../domain/case-file-schema.js';
import { fieldProblems, type FieldProblem } from '../domain/validation.js';

export class CaseFileError extends Error {
  override name = 'CaseFileError';
  constructor(
    readonly source: string,
    readonly problems: FieldProblem[],
    what = 'case file',
  ) {
    super(
      `${source} is not a valid ${what}:\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`,
    );
  }
}

/** Standard input, read in full: the command line's own (CommandContext.stdin). */
export type StdinReader = () => Promise<string>;

/** Where there is no standard input to read (a caller that only ever names files). */
const noStdin: StdinReader = () => Promise.reject(new Error('no standard input to read "-" from'));

/** The text and its name for messages, from a path or `-` for standard input. */
async function readSource(
  pathOrDash: string,
  what: string,
  stdin: StdinReader,
): Promise<{ text: string; source: string }> {
  if (pathOrDash === '-') return { text: await stdin(), source: 'standard input' };
  try {
    return { text: await readFile(pathOrDash, 'utf8'), source: pathOrDash };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CaseFileError(
      pathOrDash,
      [
        {
          path: '(file)',
          message: code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? 'error'})`,
        },
      ],
      what,
    );
  }
}

/** JSON or YAML to plain data; a syntax error is a CaseFileError naming its line and column, never its text. */
function parseText(text: string, source: string, what: string): unknown {
  try {
    return parseYamlStrictly(text);
  } catch (error) {
    throw new CaseFileError(
      source,
      [{ path: '(file)', message: `not valid JSON or YAML${syntaxWhere(error)}` }],
      what,
    );
  }
}

export function parseCaseFileText(text: string, source: string): CaseFile {
  const raw = parseText(text, source, 'case file');
  const parsed = caseFileSchema.safeParse(raw);
  if (!parsed.success) throw new CaseFileError(source, fieldProblems(parsed.error, caseFileSchema));
  // `$schema` only points an editor at the JSON Schema: it is not a fact, so it must not change the case ID
  // (a hash of the facts) nor travel into the case's state.
  const { $schema: _editorHint, ...file } = parsed.data;
  const problems = caseFileProblems(file, Date.now());
  if (problems.length) throw new CaseFileError(source, problems);
  return file;
}

/** YAML is a superset of JSON, so one parser reads both. */
function parseYamlStrictly(text: string): unknown {
  const document = parseDocument(text);
  // A warning (an unknown tag, say) would let a value through changed; and the yaml package would print it to
  // stderr quoting the line, which can hold personal data. So it is refused like an error.
  const problem = document.errors[0] ?? document.warnings[0];
  if (problem) throw problem;
  return document.toJS();
}

/**
 * Where a syntax error is and what kind it is, from the yaml package's error (code and line/column only: its
 * message can quote the file, and the file holds personal data).
 */
function syntaxWhere(error: unknown): string {
  if (!(error instanceof YAMLError)) return '';
  const at = error.linePos?.[0];
  return `: ${error.code.toLowerCase().replaceAll('_', ' ')}${at ? ` at line ${at.line}, column ${at.col}` : ''}`;
}

export async function loadCaseFile(pathOrDash: string, stdin: StdinReader = noStdin): Promise<CaseFile> {
  const { text, source } = await readSource(pathOrDash, 'case file', stdin);
  return parseCaseFileText(text, source);
}

/**
 * Facts to amend: a mapping of case-file keys, read like a case file (same parser, same line and column for a
 * syntax error) but not checked against the schema here: what they make together with the current facts is
 * checked by the case, which names each refused field. `$schema` is an editor's hint, not a fact, and dropped.
 */
export async function loadFactsFile(
  pathOrDash: string,
  stdin: StdinReader = noStdin,
): Promise<Record<string, unknown>> {
  const what = 'file of facts';
  const { text, source } = await readSource(pathOrDash, what, stdin);
  const raw = parseText(text, source, what);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new CaseFileError(
      source,
      [{ path: '(file)', message: 'expected a mapping of facts to change' }],
      what,
    );
  }
  const { $schema: _editorHint, ...facts } = raw as Record<string, unknown>;
  return facts;
}
