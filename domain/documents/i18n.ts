/**
 * Message lookup over the catalogues with i18next: pure JavaScript without Node built-ins, so it runs where the
 * documents are rendered, inside the workflow. Initialised synchronously from bundled catalogues (nothing is
 * loaded at run time), and without i18next's HTML escaping: each output format escapes for itself.
 */
import i18next, { type i18n, type TFunction } from 'i18next';
import { CATALOGUES, type Language } from './languages.js';

/**
 * Made on first use, then kept. The worker makes it before it freezes the modules its workflows share
 * (workflows/shared-modules.ts): i18next configures its shared logger as it makes an instance.
 */
let made: i18n | undefined;
function instance(): i18n {
  if (made) return made;
  made = i18next.createInstance();
  void made.init({
    resources: Object.fromEntries(Object.entries(CATALOGUES).map(([lng, c]) => [lng, { translation: c }])),
    fallbackLng: false,
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return made;
}

/** Makes the catalogues' instance now rather than at the first lookup (shared-modules.ts, before the freeze). */
export function prepareMessages(): void {
  instance();
}

export type Translate = (key: string, values?: Record<string, string | number>) => string;

/** True when the language has a message for the key (for optional messages such as a regime's citation). */
export function hasMessage(language: Language, key: string): boolean {
  return instance().exists(key, { lng: language });
}

/** The translator of one language; an unknown key is a programming error, so it throws rather than print it. */
export function translator(language: Language): Translate {
  const messages = instance();
  const t: TFunction = messages.getFixedT(language);
  return (key, values) => {
    if (!messages.exists(key, { lng: language })) throw new Error(`no message "${key}" in ${language}`);
    return t(key, values ?? {});
  };
}
