/**
 * A document as one self-contained HTML page (no scripts, no external resources), for printing or attaching.
 * Every string is escaped as HTML text: facts cannot become markup.
 */
import type { Block, DocumentModel } from './model.js';

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** Paragraphs of a fact kept as the author wrote them: blank lines part paragraphs, line breaks stay. */
function lines(text: string): string {
  return escapeHtml(text).replace(/\r?\n/g, '<br>\n');
}

function block(b: Block): string {
  switch (b.kind) {
    case 'heading':
      return `<h${b.level}>${escapeHtml(b.text)}</h${b.level}>`;
    case 'paragraph':
      return `<p>${lines(b.text)}</p>`;
    case 'list':
      return `<ul>\n${b.items.map((item) => `<li>${lines(item)}</li>`).join('\n')}\n</ul>`;
    case 'fields':
      return `<dl>\n${b.fields
        .map(({ label, values }) => {
          const value =
            values.length === 1
              ? lines(values[0] ?? '')
              : `<ul>${values.map((v) => `<li>${lines(v)}</li>`).join('')}</ul>`;
          return `<dt>${escapeHtml(label)}</dt><dd>${value}</dd>`;
        })
        .join('\n')}\n</dl>`;
  }
}

const STYLE =
  'body{font-family:sans-serif;max-width:48em;margin:2em auto;line-height:1.45}dt{font-weight:bold;margin-top:.6em}dd{margin-left:1.5em}';

export function toHtml(doc: DocumentModel): string {
  const title = doc.blocks.find((b) => b.kind === 'heading')?.text ?? '';
  return [
    '<!DOCTYPE html>',
    `<html lang="${doc.language}">`,
    `<head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>`,
    '<body>',
    ...doc.blocks.map(block),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
