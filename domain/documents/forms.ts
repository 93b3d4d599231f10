/**
 * The authorities' notification forms as data: each an ordered list of sections, each section the fields it
 * asks, so a notice can be copied into the form section by section. Adding a form is adding an entry here
 * (and naming the authorities that use it in `formFor`); the fields are rendered in notice-fields.ts.
 */
export const FIELD_IDS = [
  'controller',
  'dpo',
  'reporter',
  'representative',
  'processors',
  'kind',
  'description',
  'types',
  'cause',
  'startedAt',
  'endedAt',
  'detectedAt',
  'awareAt',
  'discovery',
  'categories',
  'subjectKinds',
  'subjectsCount',
  'recordsCount',
  'countries',
  'safeguards',
  'consequences',
  'risk',
  'measuresTaken',
  'measuresProposed',
  'subjectsTold',
  'othersInformed',
] as const;
export type FieldId = (typeof FIELD_IDS)[number];

export interface FormSection {
  /** The section's title in the catalogues (`section.<id>`). */
  id: string;
  fields: FieldId[];
}

export interface Form {
  id: string;
  /** How the form is named in the notice, in the authority's own words. */
  name: string;
  sections: FormSection[];
}

const organisation: FormSection = {
  id: 'organisation',
  fields: ['controller', 'dpo', 'reporter', 'representative', 'processors'],
};
const subjects: FormSection = { id: 'subjects', fields: ['subjectsTold'] };
const others: FormSection = { id: 'others', fields: ['othersInformed'] };

export const FORMS = {
  /** Art. 33(3) in its own order, for authorities without a form here. */
  art33: {
    id: 'art33',
    name: 'GDPR Art. 33(3)',
    sections: [
      {
        id: 'a',
        fields: ['description', 'categories', 'subjectKinds', 'subjectsCount', 'recordsCount', 'countries'],
      },
      { id: 'b', fields: ['dpo'] },
      { id: 'c', fields: ['consequences'] },
      { id: 'd', fields: ['measuresTaken', 'measuresProposed'] },
      {
        id: 'details',
        fields: [
          'kind',
          'controller',
          'reporter',
          'representative',
          'processors',
          'types',
          'cause',
          'startedAt',
          'endedAt',
          'detectedAt',
          'awareAt',
          'discovery',
          'safeguards',
          'risk',
          'subjectsTold',
          'othersInformed',
        ],
      },
    ],
  },
  /** The German authorities' common form (DSK), as the Berlin commissioner's online form asks it. */
  dsk: {
    id: 'dsk',
    name: 'DSK-Formular (Meldung nach Art. 33 DS-GVO)',
    sections: [
      organisation,
      { id: 'notification', fields: ['kind'] },
      {
        id: 'incident',
        fields: [
          'startedAt',
          'endedAt',
          'detectedAt',
          'awareAt',
          'discovery',
          'description',
          'types',
          'cause',
        ],
      },
      { id: 'data', fields: ['categories', 'subjectKinds', 'subjectsCount', 'recordsCount', 'countries'] },
      { id: 'safeguards', fields: ['safeguards'] },
      { id: 'risk', fields: ['consequences', 'risk'] },
      { id: 'measures', fields: ['measuresTaken', 'measuresProposed'] },
      subjects,
      others,
    ],
  },
  /** The Irish Data Protection Commission's breach notification form. */
  dpc: {
    id: 'dpc',
    name: 'DPC Breach Notification Form',
    sections: [
      organisation,
      { id: 'notification', fields: ['kind'] },
      {
        id: 'incident',
        fields: [
          'description',
          'types',
          'cause',
          'startedAt',
          'endedAt',
          'detectedAt',
          'awareAt',
          'discovery',
        ],
      },
      { id: 'data', fields: ['categories', 'subjectKinds', 'subjectsCount', 'recordsCount', 'countries'] },
      { id: 'safeguards', fields: ['safeguards'] },
      { id: 'risk', fields: ['consequences', 'risk'] },
      { id: 'measures', fields: ['measuresTaken', 'measuresProposed'] },
      subjects,
      others,
    ],
  },
  /** The ICO's personal data breach report form. */
  ico: {
    id: 'ico',
    name: 'ICO personal data breach report',
    sections: [
      { id: 'notification', fields: ['kind'] },
      organisation,
      {
        id: 'incident',
        fields: [
          'description',
          'cause',
          'types',
          'startedAt',
          'endedAt',
          'detectedAt',
          'awareAt',
          'discovery',
        ],
      },
      { id: 'data', fields: ['categories', 'subjectKinds', 'subjectsCount', 'recordsCount', 'countries'] },
      { id: 'risk', fields: ['consequences', 'risk'] },
      { id: 'measures', fields: ['safeguards', 'measuresTaken', 'measuresProposed'] },
      subjects,
      others,
    ],
  },
} satisfies Record<string, Form>;

export type FormId = keyof typeof FORMS;
export const FORM_IDS = Object.keys(FORMS) as [FormId, ...FormId[]];

/** The form of the authority a notice goes to: by its country, the ICO for UK GDPR, else Art. 33(3) itself. */
export function formFor(country: string, regime: string): FormId {
  if (regime === 'uk-gdpr' || country === 'GB') return 'ico';
  if (country === 'DE') return 'dsk';
  if (country === 'IE') return 'dpc';
  return 'art33';
}
