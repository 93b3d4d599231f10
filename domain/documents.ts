/**
 * The two documents the law asks for, rendered from the case facts as Markdown: the Art. 33(3) notice to the
 * supervisory authority and the Art. 34(2) plain-language letter to the people affected.
 */
import { currentAssessment, currentFactsVersion, NOTICE_ITEM_LABELS, type CaseState } from './case-state.js';
import {
  alarmOf,
  authorityOf,
  initialNotice,
  legalEndOf,
  missingNoticeItems,
  noticeLateness,
  noticeObligation,
  noticesFor,
  primaryRegime,
} from './obligations.js';
import { factsChangedSince } from './facts.js';

function list(items: string[], empty: string): string {
  return items.length ? items.map((item) => `- ${item}`).join('\n') : `- ${empty}`;
}

/**
 * Case text as Markdown text, never Markdown structure: what a DPO or a processor typed cannot become a link,
 * an image, raw HTML, a heading or a forged table row in a document filed with an authority.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|~]/g, '\\$&').replace(/^(\s*)([#>+-]|=+|\d+[.)])(?=\s|$)/gm, '$1\\$2');
}

/** Every string in a value escaped, for documents built from case facts. */
function escaped<T>(value: T): T {
  if (typeof value === 'string') return escapeMarkdown(value) as T;
  if (Array.isArray(value)) return value.map(escaped) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escaped(v)])) as T;
  }
  return value;
}

function approx(n: number): string {
  return `approximately ${n.toLocaleString('en-GB')}`;
}

/** The notice to the authority of one of the case's regimes (the first one by default). */
export function renderAuthorityNotice(state: CaseState, asOf: string, regimeId?: string): string {
  const file = escaped(state.caseFile);
  const regime = regimeId ?? primaryRegime(state).id;
  const obligation = noticeObligation(state, regime);
  if (!obligation) throw new Error(`the case is not under ${regime}`);
  const authority = escaped(authorityOf(state, obligation));
  const notice = escaped(initialNotice(state, regime));
  const assessment = currentAssessment(state);
  const dueAt = alarmOf(state, obligation);
  const legalEndAt = legalEndOf(state, obligation);
  const clock = obligation.spec.clock;
  const hours = clock?.unit === 'hours' ? clock.amount : undefined;
  const underRegulation1182 = clock?.unit === 'hours' && clock.period === 'reg-1182-71';
  // A filed notice is judged by its filing; an unfiled one by the instant it is rendered for.
  const late = noticeLateness(state, regime)?.late ?? Date.parse(asOf) > Date.parse(legalEndAt);
  const filings = noticesFor(state, regime);
  const lastFiling = escaped(filings.at(-1));
  const changed = factsChangedSince(state, lastFiling);
  const given = filings.find((n) => n.reasonsForDelay)?.reasonsForDelay;
  const reasons = given === undefined ? undefined : escapeMarkdown(given);
  const categories = file.dataCategories.map(
    (c) => `${c.name}${c.special ? ` (special category, Art. ${c.special === 'art9' ? '9' : '10'})` : ''}`,
  );
  const sections = [
    `# Personal data breach notification (${obligation.spec.citation.replace(/\(\d+\)$/, '')})`,
    ``,
    `| | |`,
    `|---|---|`,
    `| Case | ${state.caseId} |`,
    `| Controller | ${file.controller.name} |`,
    `| Supervisory authority | ${authority.name} (${authority.country}) |`,
    `| Notice | ${notice ? `supplementing ${notice.reference}` : 'initial'} as of ${asOf} |`,
    `| Became aware | ${state.awareAt} (decided by ${escapeMarkdown(state.awareness.at(-1)?.decidedBy ?? '')}) |`,
    `| Deadline${hours ? ` (${hours} h)` : ''} | ${dueAt}; the period ends ${legalEndAt}${underRegulation1182 ? ' (Reg. 1182/71 Art. 3)' : ''}${late ? ' - passed, reasons for the delay below' : ''} |`,
    `| Facts | version ${currentFactsVersion(state)} |`,
    ``,
    `## (a) Nature of the breach`,
    ``,
    file.description,
    ``,
    `- Detected: ${file.detectedAt}${file.occurredAt ? `; occurred: ${file.occurredAt}` : ''}`,
    `- Categories of personal data:`,
    ...categories.map((c) => `  - ${c}`),
    `- Data subjects: ${approx(file.dataSubjects.approximate)}${
      file.dataSubjects.categories.length ? ` (${file.dataSubjects.categories.join(', ')})` : ''
    }`,
    `- Personal data records: ${approx(file.records.approximate)}`,
    `- Countries of the people affected: ${file.countries.join(', ')}`,
    ``,
    `## (b) Contact point`,
    ``,
    `${file.controller.dpo.name}, Data Protection Officer, ${file.controller.dpo.email}${
      file.controller.dpo.phone ? `, ${file.controller.dpo.phone}` : ''
    }`,
    ``,
    `## (c) Likely consequences`,
    ``,
    list(file.likelyConsequences, 'still being assessed; to be supplied (Art. 33(4))'),
    ``,
    `## (d) Measures taken or proposed`,
    ``,
    list(
      [...file.measuresTaken, ...file.measuresProposed.map((m) => `proposed: ${m}`)],
      'still being decided; to be supplied (Art. 33(4))',
    ),
  ];
  if (lastFiling && changed.length) {
    sections.push(
      ``,
      `## Changed since the filing of ${lastFiling.reference} (facts version ${lastFiling.factsVersion ?? 1})`,
      ``,
      list(changed, ''),
    );
  }
  if (assessment) {
    sections.push(
      ``,
      `## Risk assessment`,
      ``,
      `${assessment.risk} (ENISA severity ${assessment.suggestion.score}, ${assessment.suggestion.band})`,
    );
  }
  const missing = missingNoticeItems(state, regime);
  if (missing.length) {
    sections.push(
      ``,
      `## Still to be supplied (Art. 33(4))`,
      ``,
      list(
        missing.map((m) => `(${m}) ${NOTICE_ITEM_LABELS[m]}`),
        '',
      ),
    );
  }
  if (late) {
    sections.push(
      ``,
      `## Reasons for the delay (Art. 33(1))`,
      ``,
      reasons ?? '(to be given with the notice)',
    );
  }
  return sections.join('\n') + '\n';
}

/** The authority of the case's first regime: the one the people affected can complain to first. */
function complaintsAuthority(state: CaseState): string {
  const obligation = noticeObligation(state);
  return escapeMarkdown(obligation ? authorityOf(state, obligation).name : state.caseFile.leadAuthority.name);
}

export function renderSubjectsLetter(state: CaseState): string {
  const file = escaped(state.caseFile);
  const categories = file.dataCategories.map((c) => c.name.toLowerCase());
  return (
    [
      `# We are writing to tell you about a problem with your personal data`,
      ``,
      `${file.controller.name} is writing to you because some of your personal data were affected by a security`,
      `problem (a "personal data breach"). We are telling you so that you can protect yourself.`,
      ``,
      `## What happened`,
      ``,
      file.description,
      ``,
      `The information involved: ${categories.join(', ')}.`,
      ``,
      `## What this could mean for you`,
      ``,
      list(file.likelyConsequences, 'We are still working out what this could mean, and will tell you.'),
      ``,
      `## What we have done`,
      ``,
      list(
        [...file.measuresTaken, ...file.measuresProposed],
        'We are deciding what to do and will tell you.',
      ),
      ``,
      `## Who to contact`,
      ``,
      `Our Data Protection Officer, ${file.controller.dpo.name}, can answer your questions: ${file.controller.dpo.email}${
        file.controller.dpo.phone ? ` or ${file.controller.dpo.phone}` : ''
      }.`,
      ``,
      `You also have the right to complain to ${complaintsAuthority(state)}.`,
      ``,
      `Reference: ${state.caseId}`,
    ].join('\n') + '\n'
  );
}
