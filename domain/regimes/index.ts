/** Every regime the engine knows, by ID: adding a regime is adding its file and its line here. */
import { dora } from './dora.js';
import { eprivacy } from './eprivacy.js';
import { gdpr } from './gdpr.js';
import { hipaa } from './hipaa.js';
import { lgpd } from './lgpd.js';
import { nis2 } from './nis2.js';
import { revfadp } from './revfadp.js';
import type { Regime } from './types.js';
import { ukGdpr } from './uk-gdpr.js';

export const REGIMES = {
  gdpr,
  'uk-gdpr': ukGdpr,
  nis2,
  dora,
  eprivacy,
  lgpd,
  revfadp,
  hipaa,
} as const satisfies Record<string, Regime>;

export type RegimeId = keyof typeof REGIMES;

export const REGIME_IDS = Object.keys(REGIMES) as [RegimeId, ...RegimeId[]];

/**
 * The version of the rules: raised by one whenever an obligation is added to a regime, which is then marked
 * `since: <the new version>`. 1: HIPAA's media notice.
 */
export const RULES_VERSION = 1;
