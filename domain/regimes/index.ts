/** Every regime the engine knows, by ID: adding a regime is adding its file and its line here. */
import { gdpr } from './gdpr.js';
import type { Regime } from './types.js';
import { ukGdpr } from './uk-gdpr.js';

export const REGIMES = { gdpr, 'uk-gdpr': ukGdpr } as const satisfies Record<string, Regime>;

export type RegimeId = keyof typeof REGIMES;

export const REGIME_IDS = Object.keys(REGIMES) as [RegimeId, ...RegimeId[]];
