/**
 * `breach notice`: the notice to an authority or the letter to the people affected, rendered by the case from
 * its current facts, as Markdown, HTML or PDF. The same facts and --dated give the same bytes; with --out the
 * file's SHA-256 is printed, and `notify-authority` / `notify-subjects --content-file` record exactly it.
 */
import { FORM_IDS, LANGUAGES, type DocumentModel } from '../../domain/documents.js';
import { REGIME_IDS } from '../../domain/regimes/index.js';
import { CliFailure, emit, UsageError } from '../cli-support.js';
import { CASE_ID, defineCommand } from '../command-schema.js';

const FORMATS = ['markdown', 'html', 'pdf'] as const;

/** The format a file name asks for, when --format does not say. */
function formatOf(out: string | undefined): (typeof FORMATS)[number] {
  if (out?.endsWith('.pdf')) return 'pdf';
  if (out?.endsWith('.html') || out?.endsWith('.htm')) return 'html';
  return 'markdown';
}

/** The PDF, or the character its fonts cannot write, as a refusal rather than a crash. */
async function pdf(model: DocumentModel): Promise<Uint8Array> {
  const { PdfTextError, toPdf } = await import('../../infra/documents/pdf.js');
  try {
    return await toPdf(model);
  } catch (error) {
    throw error instanceof PdfTextError ? new CliFailure(error.message) : error;
  }
}

export const command = defineCommand({
  summary: 'print or write the Art. 33(3) authority notice, or with --subjects the Art. 34(2) letter',
  group: 'documents',
  positionals: [CASE_ID],
  options: {
    subjects: { type: 'boolean', description: 'the letter to the data subjects instead of the notice' },
    dated: {
      type: 'instant',
      description: 'when it is filed or sent: the date it bears (default: undated)',
    },
    regime: {
      type: 'string',
      choices: REGIME_IDS,
      description: "whose authority (default: the case's first)",
    },
    language: { type: 'string', choices: LANGUAGES, description: "default: the authority's, or the group's" },
    form: {
      type: 'string',
      choices: FORM_IDS,
      description: "the authority's form (default: by its country)",
    },
    group: { type: 'string', description: 'the letter for this group of people (dataSubjects.groups)' },
    format: {
      type: 'string',
      choices: FORMATS,
      description: 'default: from --out (.pdf, .html), else markdown',
    },
    out: { type: 'string', value: 'FILE', description: 'write it to FILE and print its SHA-256' },
  },
  notes: ['File what --out wrote with --content-file FILE: the register keeps the SHA-256 of those bytes.'],
  async run(ctx, options) {
    const format = options.format ?? formatOf(options.out);
    if (format === 'pdf' && !options.out) throw new UsageError('--format pdf: name the file with --out FILE');
    const [{ caseIdArg, queryCase }, { documentQuery }, { renderModel }] = await Promise.all([
      import('../case-support.js'),
      import('../../contract/messages.js'),
      import('../../domain/documents.js'),
    ]);
    const model = await queryCase(ctx, caseIdArg(ctx), documentQuery, {
      kind: options.subjects ? 'subjects-letter' : 'authority-notice',
      ...(options.regime ? { regime: options.regime } : {}),
      ...(options.dated ? { dated: options.dated } : {}),
      ...(options.language ? { language: options.language } : {}),
      ...(options.form ? { form: options.form } : {}),
      ...(options.group ? { group: options.group } : {}),
    });
    if (format !== 'pdf' && !options.out) {
      const text = renderModel(model, format);
      emit(ctx, { document: text }, text.trimEnd());
      return;
    }
    const bytes = format === 'pdf' ? await pdf(model) : new TextEncoder().encode(renderModel(model, format));
    const [{ writeFile }, { createHash }] = await Promise.all([
      import('node:fs/promises'),
      import('node:crypto'),
    ]);
    await writeFile(options.out!, bytes);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    emit(
      ctx,
      {
        file: options.out,
        sha256,
        format,
        language: model.language,
        ...(model.form ? { form: model.form } : {}),
      },
      `Wrote ${options.out} (${format}, ${model.language}${model.form ? `, form ${model.form}` : ''}; SHA-256 ${sha256})`,
    );
  },
});
