/** A document as Markdown. Every string is escaped as Markdown text: facts cannot become structure. */
import type { Block, DocumentModel } from './model.js';

/**
 * Case text as Markdown text, never Markdown structure: what a DPO or a processor typed cannot become a link,
 * an image, raw HTML, a heading or a forged table row in a document filed with an authority.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|~]/g, '\\$&').replace(/^(\s*)([#>+-]|=+|\d+[.)])(?=\s|$)/gm, '$1\\$2');
}

/** Escaped, with every further line indented so that a paragraph of a fact stays inside its list item. */
function inItem(text: string, indent: string): string {
  return escapeMarkdown(text).replace(/\n/g, `\n${indent}`);
}

function block(b: Block): string {
  switch (b.kind) {
    case 'heading':
      return `${'#'.repeat(b.level)} ${escapeMarkdown(b.text).replace(/\s*\n\s*/g, ' ')}`;
    case 'paragraph':
      return escapeMarkdown(b.text);
    case 'list':
      return b.items.map((item) => `- ${inItem(item, '  ')}`).join('\n');
    case 'fields':
      return b.fields
        .map(({ label, values }) =>
          values.length === 1
            ? `- **${escapeMarkdown(label)}**: ${inItem(values[0] ?? '', '  ')}`
            : [`- **${escapeMarkdown(label)}**:`, ...values.map((v) => `  - ${inItem(v, '    ')}`)].join(
                '\n',
              ),
        )
        .join('\n');
  }
}

export function toMarkdown(doc: DocumentModel): string {
  return doc.blocks.map(block).join('\n\n') + '\n';
}
