/**
 * ENISA 2013 severity: SE = DPC x EI + CB. A suggestion computed from the case facts; the DPO's assessment wins,
 * and overriding the suggestion needs a reason.
 */
import type { CaseFile } from './case-file.js';

export type SeverityBand = 'low' | 'medium' | 'high' | 'very high';
export type RiskLevel = 'none' | 'risk' | 'high';

export interface SeverityScore {
  dpc: number;
  ei: number;
  cb: number;
  score: number;
  band: SeverityBand;
  suggestedRisk: RiskLevel;
}

const KIND_DPC = { simple: 1, behavioural: 2, financial: 3, sensitive: 4 } as const;
const EI = { negligible: 0.25, limited: 0.5, significant: 0.75, maximum: 1 } as const;
const CONFIDENTIALITY = { none: 0, 'known-parties': 0.25, 'unknown-parties': 0.5 } as const;
const INTEGRITY_OR_AVAILABILITY = { none: 0, recoverable: 0.25, irrecoverable: 0.5 } as const;

export function bandOf(score: number): SeverityBand {
  if (score < 2) return 'low';
  if (score < 3) return 'medium';
  if (score < 4) return 'high';
  return 'very high';
}

/** A common policy: medium and above suggests notifying the authority, high and above the data subjects too. */
export function riskForBand(band: SeverityBand): RiskLevel {
  if (band === 'low') return 'none';
  if (band === 'medium') return 'risk';
  return 'high';
}

export function severityOf(file: Pick<CaseFile, 'dataCategories' | 'severity'>): SeverityScore {
  const base = Math.max(
    ...file.dataCategories.map((category) => (category.special ? 4 : KIND_DPC[category.kind])),
  );
  const dpc = Math.min(4, Math.max(1, base + file.severity.contextAdjustment));
  const ei = EI[file.severity.identifiability];
  const cb =
    CONFIDENTIALITY[file.severity.lossOfConfidentiality] +
    INTEGRITY_OR_AVAILABILITY[file.severity.lossOfIntegrity] +
    INTEGRITY_OR_AVAILABILITY[file.severity.lossOfAvailability] +
    (file.severity.maliciousIntent ? 0.5 : 0);
  const score = Math.round((dpc * ei + cb) * 100) / 100;
  const band = bandOf(score);
  return { dpc, ei, cb, score, band, suggestedRisk: riskForBand(band) };
}
