/**
 * The letter to the people affected (Art. 34(2), EDPB 9/2022): addressed to the reader in plain words, from the
 * letter's own facts (never the text written for the authority), what was done kept apart from what will be,
 * with what the reader can do, a contact and their right to complain. In the group's language.
 */
import type { CaseState } from '../case-state.js';
import { authorityOf, initialNotice, noticeObligation } from '../obligations.js';
import { translator } from './i18n.js';
import { languageOfCountry, type Language } from './languages.js';
import type { Block, DocumentModel } from './model.js';
import { formatDate } from './times.js';
import { caseZone } from './case-zone.js';

export interface LetterOptions {
  /** The day it is sent: the letter's date. */
  dated?: string;
  /** The group of people it is for (`dataSubjects.groups`), whose language it is written in. */
  group?: string;
  language?: Language;
}

/** The language a letter is written in: asked for, the group's, the letter's, else the authority's country's. */
export function letterLanguage(state: CaseState, options: LetterOptions): Language {
  const file = state.caseFile;
  const group = file.dataSubjects.groups?.find((g) => g.name === options.group);
  return (
    options.language ??
    group?.language ??
    file.letter?.language ??
    file.leadAuthority.language ??
    languageOfCountry(file.leadAuthority.country)
  );
}

export function subjectsLetterModel(state: CaseState, options: LetterOptions = {}): DocumentModel {
  const file = state.caseFile;
  const letter = file.letter;
  const language = letterLanguage(state, options);
  const t = translator(language);
  const zone = caseZone(state);
  const day = (iso: string) => formatDate(iso, zone, language);
  const obligation = noticeObligation(state);
  const authority = obligation ? authorityOf(state, obligation) : file.leadAuthority;
  const filed = initialNotice(state);
  const dpo = file.controller.dpo;
  const section = (title: string, ...content: Block[]): Block[] => [
    { kind: 'heading', level: 2, text: title },
    ...content,
  ];
  const para = (text: string): Block => ({ kind: 'paragraph', text });
  const list = (items: string[]): Block => ({ kind: 'list', items });
  const consequences = letter?.consequences ?? file.likelyConsequences;
  const blocks: Block[] = [
    { kind: 'heading', level: 1, text: t('letter.title') },
    ...(options.dated ? [para(t('letter.dated', { date: day(options.dated) }))] : []),
    para(t('letter.reference', { caseId: state.caseId })),
    para(letter?.greeting ?? t('letter.greeting')),
    para(t('letter.intro', { controller: file.controller.name })),
    ...section(
      t('letter.whatHappened'),
      para(letter?.summary ?? t('letter.summaryMissing')),
      para(
        file.occurredAt
          ? t('letter.when', { date: day(file.occurredAt), detected: day(file.detectedAt) })
          : t('letter.whenUnknown', { detected: day(file.detectedAt) }),
      ),
    ),
    ...section(t('letter.yourData'), list(file.dataCategories.map((c) => c.name))),
    ...section(
      t('letter.consequences'),
      consequences.length ? list(consequences) : para(t('letter.consequencesUnknown')),
    ),
    ...section(
      t('letter.done'),
      file.measuresTaken.length ? list(file.measuresTaken) : para(t('letter.doneNothing')),
    ),
    ...(file.measuresProposed.length ? section(t('letter.willDo'), list(file.measuresProposed)) : []),
    ...section(t('letter.youCan'), list([...(letter?.advice ?? []), t('letter.youCanGeneral')])),
    ...section(
      t('letter.authority'),
      para(
        filed
          ? t('letter.authorityTold', { authority: authority.name, date: day(filed.filedAt) })
          : t('letter.authorityTelling', { authority: authority.name }),
      ),
    ),
    ...section(
      t('letter.questions'),
      para(
        t('letter.dpo', { name: dpo.name, contact: dpo.phone ? `${dpo.email}, ${dpo.phone}` : dpo.email }),
      ),
      ...(letter?.helpLine ? [para(t('letter.helpLine', { helpLine: letter.helpLine }))] : []),
      para(t('letter.complain', { authority: authority.name })),
    ),
    para(t('letter.closing')),
    para(t('letter.regards')),
    para(letter?.signedBy ?? file.controller.name),
  ];
  return { kind: 'subjects-letter', language, blocks };
}
