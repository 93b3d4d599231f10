/**
 * Each field a form asks for, read from the case: its values, `missing` when the facts do not say yet (the
 * notice names it as still to be supplied), or `absent` when it does not apply (no Art. 27 representative for
 * a controller in the EU).
 */
import type { CaseFile } from '../case-file.js';
import { currentAssessment, type AuthorityNotice, type CaseState } from '../case-state.js';
import type { FieldId } from './forms.js';
import type { Translate } from './i18n.js';

export interface NoticeContext {
  state: CaseState;
  file: CaseFile;
  t: Translate;
  /** An instant in the case's zone, UTC beside. */
  at: (iso: string) => string;
  number: (n: number) => string;
  /** The filing this notice follows up, if any. */
  earlier?: AuthorityNotice;
}

export type FieldValue = string[] | 'missing' | 'absent';

const given = (values: (string | undefined)[]): string[] => values.filter((v): v is string => Boolean(v));
const orMissing = (values: string[] | undefined): FieldValue => (values?.length ? values : 'missing');

function person(p: {
  name: string;
  role?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
}): string {
  return given([p.name, p.role, p.email, p.phone]).join(', ');
}

function safeguards({ file, t }: NoticeContext): FieldValue {
  const s = file.safeguards;
  if (!s) return 'missing';
  return given([
    s.encryption && t(`value.encryption.${s.encryption}`),
    s.keyCompromised === undefined
      ? undefined
      : t(s.keyCompromised ? 'value.keyCompromised' : 'value.keySafe'),
    s.pseudonymised === undefined
      ? undefined
      : t(s.pseudonymised ? 'value.pseudonymised' : 'value.notPseudonymised'),
    ...s.other,
  ]);
}

function subjectsToldValue({ state, t, at, number }: NoticeContext): FieldValue {
  const told = state.subjectsCommunications.map((c) =>
    t(c.group ? 'value.toldGroup' : 'value.told', {
      count: number(c.count),
      channel: c.channel,
      at: at(c.sentAt),
      ...(c.group ? { group: c.group } : {}),
    }),
  );
  const exempt = state.exemption
    ? [t('value.exempt', { ground: state.exemption.ground, evidence: state.exemption.evidence })]
    : [];
  const all = [...told, ...exempt];
  return all.length ? all : [t('value.notYetTold')];
}

export const FIELDS: Record<FieldId, (ctx: NoticeContext) => FieldValue> = {
  controller: ({ file, t }) => [
    file.controller.name,
    ...(file.controller.address ? [`${t('field.address')}: ${file.controller.address}`] : []),
    ...(file.controller.registration ? [`${t('field.registration')}: ${file.controller.registration}`] : []),
  ],
  dpo: ({ file, t }) => {
    const { name, email, phone } = file.controller.dpo;
    return [t(phone ? 'value.dpoPhone' : 'value.dpo', { name, email, ...(phone ? { phone } : {}) })];
  },
  // Without a reporter of its own, the DPO reports: the forms ask for both, so the DPO is named again.
  reporter: ({ file }) => [person(file.reporter ?? file.controller.dpo)],
  representative: ({ file }) => {
    const r = file.controller.representative;
    return r ? [given([r.name, r.address, r.email]).join(', ')] : 'absent';
  },
  processors: ({ file }) => (file.processors.length ? file.processors.map((p) => p.name) : 'absent'),
  kind: ({ t, at, earlier }) => [
    earlier
      ? t('notice.followUp', { reference: earlier.reference, filedAt: at(earlier.filedAt) })
      : t('notice.initial'),
  ],
  description: ({ file }) => [file.description],
  types: ({ file, t }) => orMissing(file.breach?.types?.map((type) => t(`value.type.${type}`))),
  cause: ({ file, t }) => {
    const b = file.breach;
    if (!b?.cause && !b?.causeDetail) return 'missing';
    return given([b.cause && t(`value.cause.${b.cause}`), b.causeDetail]);
  },
  startedAt: ({ file, at }) => (file.occurredAt ? [at(file.occurredAt)] : 'missing'),
  endedAt: ({ file, at, t }) =>
    file.breach?.endedAt
      ? [at(file.breach.endedAt)]
      : file.breach?.ongoing
        ? [t('field.ongoing')]
        : 'missing',
  detectedAt: ({ file, at }) => [at(file.detectedAt)],
  awareAt: ({ state, at, t }) => [
    t('field.awareBy', { at: at(state.awareAt), by: state.awareness.at(-1)?.decidedBy ?? '' }),
  ],
  discovery: ({ file, t }) => {
    const b = file.breach;
    if (!b?.discoveredBy && !b?.howDiscovered) return 'missing';
    return given([b.discoveredBy && t(`value.discovery.${b.discoveredBy}`), b.howDiscovered]);
  },
  categories: ({ file, t }) =>
    file.dataCategories.map((c) =>
      c.special ? t('field.special', { name: c.name, article: c.special === 'art9' ? '9' : '10' }) : c.name,
    ),
  subjectKinds: ({ file, t }) =>
    orMissing([
      ...(file.dataSubjects.kinds ?? []).map((k) => t(`value.kind.${k}`)),
      ...file.dataSubjects.categories,
    ]),
  subjectsCount: ({ file, t, number }) => [t('approx', { count: number(file.dataSubjects.approximate) })],
  recordsCount: ({ file, t, number }) => [t('approx', { count: number(file.records.approximate) })],
  countries: ({ file }) => [file.countries.join(', ')],
  safeguards,
  consequences: ({ file }) => orMissing(file.likelyConsequences),
  risk: ({ state, file, t }) => {
    const assessment = currentAssessment(state);
    if (!assessment) return 'missing';
    const { score, band } = assessment.suggestion;
    return given([
      t('field.riskValue', {
        risk: t(`value.risk.${assessment.risk}`),
        score: String(score),
        band: t(`value.band.${band}`),
      }),
      file.riskReasoning ?? assessment.rationale ?? assessment.overrideReason,
    ]);
  },
  measuresTaken: ({ file }) => orMissing(file.measuresTaken),
  measuresProposed: ({ file }) => orMissing(file.measuresProposed),
  subjectsTold: subjectsToldValue,
  othersInformed: ({ file, t, at }) => {
    const bodies = file.othersInformed;
    if (!bodies) return 'missing';
    if (!bodies.length) return [t('none')];
    return bodies.map((b) => {
      const kind = t(`value.body.${b.kind}`);
      const line = t(b.reference ? 'value.bodyLineRef' : 'value.bodyLine', {
        kind,
        name: b.name,
        ...(b.reference ? { reference: b.reference } : {}),
      });
      return b.at ? `${line} (${at(b.at)})` : line;
    });
  },
};
