/**
 * A document as PDF, from the same structure as its Markdown and HTML: A4, the standard Helvetica fonts (no
 * font files to ship), text wrapped to the page. Deterministic: no creation date, producer or random ID is
 * written, so the same document gives the same bytes and its SHA-256 can be recorded before it is filed.
 */
import { PDFDocument, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';
import type { Block, DocumentModel } from '../../domain/documents.js';

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 56;
const SIZE = { 1: 16, 2: 12.5, text: 10.5 } as const;

export class PdfTextError extends Error {
  override name = 'PdfTextError';
}

/**
 * The standard fonts encode WinAnsi (Western European) only. A character outside it would have to be dropped or
 * replaced, and a document filed as evidence must say what the facts say: such text is refused, naming it.
 */
function encodable(font: PDFFont, text: string): string {
  const clean = text.replace(/\t/g, '    ');
  for (const char of clean) {
    if (char === '\n') continue;
    try {
      font.encodeText(char);
    } catch {
      throw new PdfTextError(
        `"${char}" (U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}) cannot be written in the PDF's fonts; use --format html or markdown`,
      );
    }
  }
  return clean;
}

class Writer {
  private page!: PDFPage;
  private y = 0;
  constructor(
    private readonly doc: PDFDocument,
    private readonly regular: PDFFont,
    private readonly bold: PDFFont,
  ) {
    this.newPage();
  }

  private newPage(): void {
    this.page = this.doc.addPage([A4.width, A4.height]);
    this.y = A4.height - MARGIN;
  }

  /** Lines of at most the width left, broken at spaces (a word longer than a line is broken where it must). */
  private wrap(text: string, font: PDFFont, size: number, width: number): string[] {
    const out: string[] = [];
    for (const paragraph of text.split('\n')) {
      let line = '';
      for (const word of paragraph.split(' ')) {
        const candidate = line ? `${line} ${word}` : word;
        if (font.widthOfTextAtSize(candidate, size) <= width || !line) line = candidate;
        else {
          out.push(line);
          line = word;
        }
        while (font.widthOfTextAtSize(line, size) > width && line.length > 1) {
          let cut = line.length - 1;
          while (cut > 1 && font.widthOfTextAtSize(line.slice(0, cut), size) > width) cut -= 1;
          out.push(line.slice(0, cut));
          line = line.slice(cut);
        }
      }
      out.push(line);
    }
    return out;
  }

  text(
    text: string,
    options: { bold?: boolean; size?: number; indent?: number; bullet?: boolean } = {},
  ): void {
    const font = options.bold ? this.bold : this.regular;
    const size = options.size ?? SIZE.text;
    const indent = options.indent ?? 0;
    const x = MARGIN + indent + (options.bullet ? 12 : 0);
    const lines = this.wrap(encodable(font, text), font, size, A4.width - MARGIN - x);
    lines.forEach((line, i) => {
      if (this.y - size < MARGIN) this.newPage();
      this.y -= size * 1.35;
      if (options.bullet && i === 0) {
        this.page.drawText('-', { x: x - 10, y: this.y, size, font: this.regular });
      }
      this.page.drawText(line, { x, y: this.y, size, font });
    });
  }

  gap(points: number): void {
    this.y -= points;
  }
}

function write(w: Writer, block: Block): void {
  switch (block.kind) {
    case 'heading':
      w.gap(block.level === 1 ? 0 : 8);
      w.text(block.text, { bold: true, size: block.level === 1 ? SIZE[1] : SIZE[2] });
      w.gap(4);
      return;
    case 'paragraph':
      w.text(block.text);
      w.gap(6);
      return;
    case 'list':
      for (const item of block.items) w.text(item, { bullet: true });
      w.gap(6);
      return;
    case 'fields':
      for (const { label, values } of block.fields) {
        w.text(label, { bold: true });
        for (const value of values) w.text(value, { indent: 12, bullet: values.length > 1 });
        w.gap(3);
      }
      w.gap(4);
  }
}

export async function toPdf(model: DocumentModel): Promise<Uint8Array> {
  // Without updateMetadata, pdf-lib writes no producer, creator or dates of its own: the bytes depend only on
  // the document.
  const doc = await PDFDocument.create({ updateMetadata: false });
  const title = model.blocks.find((b) => b.kind === 'heading');
  if (title?.kind === 'heading') doc.setTitle(title.text);
  doc.setLanguage(model.language);
  const writer = new Writer(
    doc,
    await doc.embedFont(StandardFonts.Helvetica),
    await doc.embedFont(StandardFonts.HelveticaBold),
  );
  for (const block of model.blocks) write(writer, block);
  return doc.save({ useObjectStreams: false });
}
