/**
 * The two documents the law asks for, rendered from the case: the notice to an authority (GDPR Art. 33(3)),
 * following its form in its language, and the plain-language letter to the people affected (Art. 34(2)), in
 * theirs. Built as structure (documents/), then written as Markdown or HTML here, or as PDF by the client.
 * Deterministic: the same case and request give the same bytes, so a hash recorded at filing can be checked.
 */
import type { CaseState } from './case-state.js';
import type { FormId } from './documents/forms.js';
import { toHtml } from './documents/html.js';
import type { Language } from './documents/languages.js';
import { subjectsLetterModel, type LetterOptions } from './documents/letter.js';
import { toMarkdown } from './documents/markdown.js';
import type { DocumentModel } from './documents/model.js';
import { authorityNoticeModel, type NoticeOptions } from './documents/notice.js';

export { escapeMarkdown } from './documents/markdown.js';
export { escapeHtml } from './documents/html.js';
export { FORM_IDS, type FormId } from './documents/forms.js';
export { LANGUAGES, type Language } from './documents/languages.js';
export type { Block, DocumentModel } from './documents/model.js';
export type { LetterOptions, NoticeOptions };

/** The formats the domain writes; PDF is written from the same model by the client (infra/documents). */
export const TEXT_FORMATS = ['markdown', 'html'] as const;
export type TextFormat = (typeof TEXT_FORMATS)[number];

/** What a client asks the case for: which document, for whom, in which language, dated when. */
export interface DocumentRequest {
  kind: 'authority-notice' | 'subjects-letter';
  regime?: string;
  dated?: string;
  language?: Language;
  form?: FormId;
  group?: string;
}

export function documentModel(state: CaseState, request: DocumentRequest): DocumentModel {
  const { kind, regime, dated, language, form, group } = request;
  return kind === 'authority-notice'
    ? authorityNoticeModel(state, defined({ regime, dated, language, form }))
    : subjectsLetterModel(state, defined({ dated, language, group }));
}

export function renderModel(model: DocumentModel, format: TextFormat): string {
  return format === 'html' ? toHtml(model) : toMarkdown(model);
}

/** The notice as Markdown: what the case hashes when a filing names no file of its own. */
export function renderAuthorityNotice(state: CaseState, options: NoticeOptions = {}): string {
  return toMarkdown(authorityNoticeModel(state, options));
}

/** The letter as Markdown: what the case hashes when a communication names no file of its own. */
export function renderSubjectsLetter(state: CaseState, options: LetterOptions = {}): string {
  return toMarkdown(subjectsLetterModel(state, options));
}

/** Options without the keys whose value is undefined (exactOptionalPropertyTypes). */
function defined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}
