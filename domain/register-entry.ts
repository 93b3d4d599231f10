/**
 * The Art. 33(5) record of a breach: facts, effects, remedial action, every decision with its rationale and
 * every timestamp. Kept for every breach, notified or not, and returned as the case workflow's result.
 */
import type { CaseState } from './case-state.js';
import type { Lateness } from './obligations.js';
import { factVersionsOf, riskLevel } from './case-state.js';
import { authorityDueAt, authorityLegalEndAt, caseRegimes, noticeLateness } from './obligations.js';
import { defined } from './actions/support.js';
import type { Deadline } from './deadline-list.js';
import { caseDeadlines } from './status.js';

export interface RegisterEntry {
  caseId: string;
  /** The breach's identity; the register refuses a different breach under a case ID it already holds. */
  breachId?: string;
  recordedAt: string;
  /** The regimes the breach falls under; each notice names the regime it was filed under. */
  regimes: string[];
  status: 'open' | 'closed';
  controller: string;
  leadAuthority: string;
  /** Art. 56: why it is the lead authority, when the case gives it. */
  leadAuthorityReasoning?: string;
  /** Further authorities owed the notice, and joint controllers with who files for whom. */
  otherAuthorities?: CaseState['caseFile']['otherAuthorities'];
  jointControllers?: CaseState['caseFile']['jointControllers'];
  facts: {
    description: string;
    occurredAt?: string;
    detectedAt: string;
    awareAt: string;
    dataCategories: CaseState['caseFile']['dataCategories'];
    dataSubjectsApprox: number;
    recordsApprox: number;
    countries: string[];
  };
  effects: string[];
  remedialAction: { taken: string[]; proposed: string[] };
  risk: string;
  decisions: {
    awareness: CaseState['awareness'];
    assessments: CaseState['assessments'];
    exemption?: CaseState['exemption'];
    authorityDecisions: NonNullable<CaseState['authorityDecisions']>;
    holds: NonNullable<CaseState['holds']>;
    /** Trigger events other than awareness as recorded, with their corrections. */
    triggers?: NonNullable<CaseState['triggers']>;
    regimeAdditions?: NonNullable<CaseState['regimeAdditions']>;
  };
  /** Every obligation of every regime with its deadline, legal end and outcome, as at `recordedAt`. */
  obligations: Pick<Deadline, 'name' | 'obligation' | 'dueAt' | 'legalEndAt' | 'state' | 'metAt'>[];
  /** Later stages filed with authorities (NIS2, DORA, ...). */
  reports?: NonNullable<CaseState['reports']>;
  /** Every version of the facts with who, when, why and what changed; each notice names the one it was filed on. */
  factVersions: NonNullable<CaseState['factVersions']>;
  authorityDueAt: string;
  authorityLegalEndAt: string;
  lateness?: Lateness;
  notices: CaseState['notices'];
  subjectsCommunications: CaseState['subjectsCommunications'];
  processors: CaseState['processors'];
  timeline: CaseState['timeline'];
  openedAt: string;
  closed?: CaseState['closed'];
  reopenings: NonNullable<CaseState['reopenings']>;
}

export function registerEntry(state: CaseState, now: number): RegisterEntry {
  const file = state.caseFile;
  const lateness = noticeLateness(state);
  return {
    caseId: state.caseId,
    ...(state.breachId === undefined ? {} : { breachId: state.breachId }),
    regimes: caseRegimes(state).map((r) => r.id),
    recordedAt: new Date(now).toISOString(),
    status: state.closed ? 'closed' : 'open',
    controller: file.controller.name,
    leadAuthority: `${file.leadAuthority.name} (${file.leadAuthority.country})`,
    ...(file.leadAuthorityReasoning ? { leadAuthorityReasoning: file.leadAuthorityReasoning } : {}),
    ...(file.otherAuthorities?.length ? { otherAuthorities: file.otherAuthorities } : {}),
    ...(file.jointControllers?.length ? { jointControllers: file.jointControllers } : {}),
    facts: {
      description: file.description,
      ...(file.occurredAt ? { occurredAt: file.occurredAt } : {}),
      detectedAt: file.detectedAt,
      awareAt: state.awareAt,
      dataCategories: file.dataCategories,
      dataSubjectsApprox: file.dataSubjects.approximate,
      recordsApprox: file.records.approximate,
      countries: file.countries,
    },
    effects: file.likelyConsequences,
    remedialAction: { taken: file.measuresTaken, proposed: file.measuresProposed },
    risk: riskLevel(state),
    decisions: {
      awareness: state.awareness,
      assessments: state.assessments,
      ...(state.exemption ? { exemption: state.exemption } : {}),
      authorityDecisions: state.authorityDecisions ?? [],
      holds: state.holds ?? [],
      ...(state.triggers ? { triggers: state.triggers } : {}),
      ...(state.regimeAdditions ? { regimeAdditions: state.regimeAdditions } : {}),
    },
    // The deadlines alone, not the whole status: the register is written at every change of the case.
    obligations: caseDeadlines(state, now)
      .filter((d) => d.obligation)
      .map(({ name, obligation, dueAt, legalEndAt, state: outcome, metAt }) =>
        defined({ name, obligation, dueAt, legalEndAt, state: outcome, metAt }),
      ),
    ...(state.reports ? { reports: state.reports } : {}),
    factVersions: factVersionsOf(state),
    authorityDueAt: authorityDueAt(state),
    authorityLegalEndAt: authorityLegalEndAt(state),
    ...(lateness ? { lateness } : {}),
    notices: state.notices,
    subjectsCommunications: state.subjectsCommunications,
    processors: state.processors,
    timeline: state.timeline,
    openedAt: state.openedAt,
    ...(state.closed ? { closed: state.closed } : {}),
    reopenings: state.reopenings ?? [],
  };
}
