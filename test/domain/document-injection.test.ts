/**
 * Hostile text in every fact stays text in the documents: rendered by a real Markdown renderer, the notice and
 * the letter hold no script, no link, no image and no forged table row, whatever the case file said.
 */
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { caseFileSchema } from '../../domain/case-file-schema.js';
import { initialState } from '../../domain/case-state.js';
import {
  documentModel,
  escapeMarkdown,
  renderAuthorityNotice,
  renderModel,
  renderSubjectsLetter,
} from '../../domain/documents.js';
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
      (s: typeof state) => renderAuthorityNotice(s, { dated: '2026-11-21T11:00:00Z' }),
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

describe('case text in the HTML documents', () => {
  it('stays text: no element, attribute or entity comes from the facts', () => {
    const state = initialState(
      'BR-INJ-2',
      sampleCaseFile({
        description: hostile,
        measuresTaken: [`${hostile} "quoted" 'single'`],
        controller: {
          name: 'Evil <b>Corp</b> & Co',
          dpo: { name: '"><script>x</script>', email: 'dpo@example.test' },
        },
        letter: { summary: hostile, advice: ['</li></ul><iframe src=x>'], helpLine: '<a href=x>call</a>' },
      }),
      '2026-11-21T10:00:00Z',
    );
    for (const kind of ['authority-notice', 'subjects-letter'] as const) {
      const page = renderModel(documentModel(state, { kind, language: 'en' }), 'html');
      expect(page).not.toMatch(/<script|<img|<a |<iframe|<b>/);
      expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(page.match(/<html/g)?.length).toBe(1);
    }
  });

  it('is never read as a message or a placeholder of the catalogues', () => {
    const state = initialState(
      'BR-INJ-3',
      sampleCaseFile({
        controller: {
          name: '{{controller}} $t(letter.title)',
          dpo: { name: '{{name}}', email: 'dpo@example.test' },
        },
        letter: { summary: '$t(notice.title) {{date}}' },
      }),
      '2026-11-21T10:00:00Z',
    );
    const letter = renderSubjectsLetter(state, { language: 'en' });
    expect(letter).toContain('held by {{controller}} $t(letter.title) were affected');
    expect(letter).toContain('$t(notice.title) {{date}}');
    expect(letter).toContain('Our Data Protection Officer, {{name}}, will answer');
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
