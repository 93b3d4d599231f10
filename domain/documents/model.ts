/**
 * A document as structure, before any format: headings, paragraphs, lists and labelled fields of plain text.
 * Every string is text as written (case facts unescaped); each format escapes it for itself, so no fact can
 * become markup in Markdown, HTML or PDF.
 */
import type { Language } from './languages.js';

export type Block =
  | { kind: 'heading'; level: 1 | 2; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[] }
  /** Label and value pairs; a field with several values lists them. */
  | { kind: 'fields'; fields: { label: string; values: string[] }[] };

export interface DocumentModel {
  kind: 'authority-notice' | 'subjects-letter';
  language: Language;
  /** The form the notice follows, for a notice. */
  form?: string;
  blocks: Block[];
}
