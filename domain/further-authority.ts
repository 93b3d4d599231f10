import type { Regime } from './regimes/types.js';

/**
 * A further authority owed the same notice (a non-EU controller's, EDPB 9/2022 para 73): a regime of its own
 * to the engine, `gdpr+cnil`, with the notice and supplements of its base regime addressed to it, so each
 * authority has its own filing, reference, lateness, reminders and supplements.
 */
export function furtherAuthority(
  base: Regime,
  authority: {
    id: string;
    name: string;
    country: string;
    email?: string | undefined;
    portal?: string | undefined;
  },
): Regime {
  const { id, name, country, email, portal } = authority;
  return {
    id: `${base.id}+${id}`,
    name: `${base.name}, ${name}`,
    obligations: base.obligations
      .filter((o) => o.kind === 'authority-notice' || o.kind === 'authority-supplement')
      .map((o) => ({
        ...o,
        title: o.title.replace('authority notice', `notice to ${name}`),
        addressee: { kind: 'authority' as const, authority: { name, country, email, portal } },
      })),
  };
}
