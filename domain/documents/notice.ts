/**
 * The notice to a regime's authority (GDPR Art. 33(3)) as a document, following the authority's form section by
 * section, in the authority's language. Deterministic: the same facts, filings and date give the same document;
 * the only instant it states beyond the facts is the date it is filed, and only when that is given.
 */
import { currentFactsVersion, NOTICE_ITEMS, type CaseState } from '../case-state.js';
import { factsChangedSince } from '../facts.js';
import {
  alarmOf,
  authorityOf,
  legalEndOf,
  missingNoticeItems,
  noticeLateness,
  noticeObligation,
  noticesFor,
  primaryRegime,
} from '../obligations.js';
import { FIELDS, type NoticeContext } from './notice-fields.js';
import { FORMS, formFor, type FormId } from './forms.js';
import { hasMessage, translator } from './i18n.js';
import { languageOfCountry, type Language } from './languages.js';
import type { Block, DocumentModel } from './model.js';
import { formatInstant } from './times.js';
import { caseZone, numberFormat } from './case-zone.js';

export interface NoticeOptions {
  /** Whose authority: one of the case's regimes; the first by default. */
  regime?: string;
  /** The instant the notice is filed: stated in it, and what lateness is judged by before it is filed. */
  dated?: string;
  language?: Language;
  form?: FormId;
  /** Reasons for a delay given with this filing. */
  reasonsForDelay?: string;
}

export function authorityNoticeModel(state: CaseState, options: NoticeOptions = {}): DocumentModel {
  const regime = options.regime ?? primaryRegime(state).id;
  const obligation = noticeObligation(state, regime);
  if (!obligation) throw new Error(`the case is not under ${regime}`);
  const authority = authorityOf(state, obligation);
  const language =
    options.language ?? (authority.language as Language | undefined) ?? languageOfCountry(authority.country);
  const t = translator(language);
  const zone = caseZone(state);
  const at = (iso: string) => formatInstant(iso, zone, language);
  const filings = noticesFor(state, regime);
  const earlier = filings.at(-1);
  const ctx: NoticeContext = {
    state,
    file: state.caseFile,
    t,
    at,
    number: numberFormat(language),
    ...(earlier ? { earlier } : {}),
  };
  const form = FORMS[options.form ?? formFor(authority.country, regime)];
  const clock = obligation.spec.clock;
  const legalEndAt = legalEndOf(state, obligation);
  const judged = noticeLateness(state, regime);
  const late = judged
    ? judged.late
    : options.dated !== undefined && Date.parse(options.dated) > Date.parse(legalEndAt);
  const reasons = options.reasonsForDelay ?? filings.find((n) => n.reasonsForDelay)?.reasonsForDelay;
  const deadline =
    t('notice.deadlineValue', { dueAt: at(alarmOf(state, obligation)), legalEndAt: at(legalEndAt) }) +
    (clock?.unit === 'hours' && clock.period === 'reg-1182-71' ? t('notice.reg1182') : '') +
    (late ? t('notice.passed') : '');
  // The law as the authority's language cites it, where the catalogue has it; the regime's citation otherwise.
  const citation = hasMessage(language, `notice.citation.${regime}`)
    ? t(`notice.citation.${regime}`)
    : obligation.spec.citation.replace(/\(\d+\)$/, '');
  const blocks: Block[] = [
    { kind: 'heading', level: 1, text: t('notice.title', { citation }) },
    {
      kind: 'fields',
      fields: [
        { label: t('notice.case'), values: [state.caseId] },
        { label: t('notice.controller'), values: [state.caseFile.controller.name] },
        {
          label: t('notice.authority'),
          values: [authority.country ? `${authority.name} (${authority.country})` : authority.name],
        },
        { label: t('notice.form'), values: [form.name] },
        ...(options.dated ? [{ label: t('notice.dated'), values: [at(options.dated)] }] : []),
        { label: t('notice.deadline'), values: [deadline] },
        {
          label: t('notice.factsVersion'),
          values: [t('notice.factsVersionValue', { version: currentFactsVersion(state) })],
        },
      ],
    },
  ];
  const missing: string[] = [];
  for (const section of form.sections) {
    const fields = [];
    for (const id of section.fields) {
      const value = FIELDS[id](ctx);
      if (value === 'absent') continue;
      if (value === 'missing') missing.push(t(`field.${id}`));
      fields.push({ label: t(`field.${id}`), values: value === 'missing' ? [t('missing')] : value });
    }
    blocks.push({ kind: 'heading', level: 2, text: t(`section.${section.id}`) }, { kind: 'fields', fields });
  }
  const changed = factsChangedSince(state, earlier);
  if (earlier && changed.length) {
    blocks.push(
      {
        kind: 'heading',
        level: 2,
        text: t('notice.changedSince', { reference: earlier.reference, version: earlier.factsVersion ?? 1 }),
      },
      { kind: 'list', items: changed },
    );
  }
  const items = missingNoticeItems(state, regime);
  const stillToSupply = [
    ...NOTICE_ITEMS.filter((item) => items.includes(item)).map((item) =>
      t('notice.art33Item', { item, label: t(`items.${item}`) }),
    ),
    ...missing,
  ];
  if (stillToSupply.length) {
    blocks.push(
      { kind: 'heading', level: 2, text: t('notice.stillToSupply') },
      { kind: 'list', items: stillToSupply },
    );
  }
  if (late || reasons) {
    blocks.push(
      { kind: 'heading', level: 2, text: t('notice.reasonsForDelay') },
      { kind: 'paragraph', text: reasons ?? t('notice.reasonsToCome') },
    );
  }
  return { kind: 'authority-notice', language, form: form.id, blocks };
}
