/**
 * Hostile text in every fact stays text in the documents: rendered by a real Markdown renderer, the notice and
 * the letter hold no script, no link, no image and no forged table row, whatever the case file said.
 */
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { caseFileSchema } from '../../domain/case-file.js';
import { initialState } from '../../domain/case-state.js';
import { escapeMarkdown, renderAuthorityNotice, renderSubjectsLetter } from '../../domain/documents.js';
import { fieldProblems } from '../../domain/validation.js';
import { sampleCaseFile, sampleCaseInput } from '../helpers/case-files.js';

const hostile = [
  '<script>alert(1)</script>',
  '[click here](javascript:alert(1))',
  '![tracker](https://evil.example/pixel.png)',
  '<img src=x onerror=alert(1)>',
  '# Forged heading',
  '| forged | row |',
  '<https://evil.example>',
].join(' and ');

const markdown = new MarkdownIt({ html: true, linkify: false });

function html(document: string): string {
  return markdown.render(document);
}

describe('case text in the documents', () => {
  it('never becomes HTML, links, images, headings or table rows', () => {
    const clean = initialState('BR-INJ-1', sampleCaseFile(), '2026-11-21T10:00:00Z');
    const state = initialState(
      'BR-INJ-1',
      sampleCaseFile({
        description: `${hostile}\n| a | b |\n|---|---|\n# Heading on its own line`,
        measuresTaken: [hostile],
        likelyConsequences: [hostile],
        dataCategories: [{ name: '<b>Voice</b> [x](javascript:1)', kind: 'behavioural' }],
        controller: { name: 'Evil | Corp', dpo: { name: '**Dana**', email: 'dpo@example.test' } },
      }),
      '2026-11-21T10:00:00Z',
    );
    for (const render of [
      (s: typeof state) => renderAuthorityNotice(s, '2026-11-21T11:00:00Z'),
      renderSubjectsLetter,
    ]) {
      const out = html(render(state));
      expect(out).not.toMatch(/<script|<img|<a |<b>|<strong>Dana/);
      expect(out.match(/<tr>/g)?.length ?? 0).toBe(html(render(clean)).match(/<tr>/g)?.length ?? 0);
      expect(out.match(/<h1>/g)?.length).toBe(1);
      expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
  });

  it('reads as the text that was typed', () => {
    expect(
      markdown.renderInline(escapeMarkdown('A *bold* claim_with_underscores [not a link](x) <tag>')),
    ).toBe('A *bold* claim_with_underscores [not a link](x) &lt;tag&gt;');
  });
});

describe('one-line fields', () => {
  it('refuse line breaks, which forge rows, headers and log lines', () => {
    const input = sampleCaseInput({
      controller: {
        name: 'Example GmbH\n| forged |',
        dpo: { name: 'Dana\rBcc: x', email: 'dpo@example.test' },
      },
    });
    const problems = fieldProblems(caseFileSchema.safeParse(input).error!);
    expect(problems.map((p) => p.path)).toEqual(['controller.name', 'controller.dpo.name']);
    expect(problems[0]?.message).toBe('one line: no line breaks');
  });
});
