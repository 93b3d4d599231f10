/**
 * ENISA 2013 severity: SE = DPC x EI + CB. A suggestion computed from the current facts; the DPO's assessment
 * wins, and overriding the suggestion needs a reason.
 *
 * ENISA scores severity only. Which band calls for which notice is the organisation's policy (under the EDPB,
 * risk is severity x likelihood), so the band → risk mapping is data in the case file, shown as policy.
 */
import type { CaseFile, RiskPolicy } from './case-file.js';

export type SeverityBand = 'low' | 'medium' | 'high' | 'very high';
export type RiskLevel = 'none' | 'risk' | 'high';

export interface DataSetScore {
  name: string;
  /** ENISA's base for the data's kind (special categories count as sensitive). */
  base: number;
  adjustment: number;
  adjustmentReason?: string;
  /** base + adjustment, kept within ENISA's 1..4. */
  dpc: number;
}

export interface SeverityScore {
  dpc: number;
  ei: number;
  cb: number;
  score: number;
  band: SeverityBand;
  suggestedRisk: RiskLevel;
  /** Each data set's context score; the case's DPC is the highest of them. */
  dataSets?: DataSetScore[];
  /** The band → risk mapping the suggestion followed. */
  policy?: RiskPolicy;
}

const KIND_DPC = { simple: 1, behavioural: 2, financial: 3, sensitive: 4 } as const;
const EI = { negligible: 0.25, limited: 0.5, significant: 0.75, maximum: 1 } as const;
const CONFIDENTIALITY = { none: 0, 'known-parties': 0.25, 'unknown-parties': 0.5 } as const;
const INTEGRITY_OR_AVAILABILITY = { none: 0, recoverable: 0.25, irrecoverable: 0.5 } as const;

/** A common policy: medium and above suggests notifying the authority, high and above the data subjects too. */
export const DEFAULT_RISK_POLICY: RiskPolicy = {
  low: 'none',
  medium: 'risk',
  high: 'high',
  'very high': 'high',
};

export function bandOf(score: number): SeverityBand {
  if (score < 2) return 'low';
  if (score < 3) return 'medium';
  if (score < 4) return 'high';
  return 'very high';
}

export function riskForBand(band: SeverityBand, policy: RiskPolicy = DEFAULT_RISK_POLICY): RiskLevel {
  return policy[band];
}

export function severityOf(
  file: Pick<CaseFile, 'dataCategories' | 'severity'> & { riskPolicy?: RiskPolicy },
): SeverityScore {
  const dataSets = file.dataCategories.map((category): DataSetScore => {
    const base = category.special ? 4 : KIND_DPC[category.kind];
    // Cases opened before per-data-set adjustments have none.
    const adjustment = category.adjustment ?? 0;
    return {
      name: category.name,
      base,
      adjustment,
      ...(category.adjustmentReason ? { adjustmentReason: category.adjustmentReason } : {}),
      dpc: Math.min(4, Math.max(1, base + adjustment)),
    };
  });
  // Cases opened before per-data-set adjustments carried one case-wide adjustment; it still applies to them.
  const legacy = (file.severity as { contextAdjustment?: number }).contextAdjustment ?? 0;
  const dpc = Math.min(4, Math.max(1, Math.max(...dataSets.map((d) => d.dpc)) + legacy));
  const ei = EI[file.severity.identifiability];
  const cb =
    CONFIDENTIALITY[file.severity.lossOfConfidentiality] +
    INTEGRITY_OR_AVAILABILITY[file.severity.lossOfIntegrity] +
    INTEGRITY_OR_AVAILABILITY[file.severity.lossOfAvailability] +
    (file.severity.maliciousIntent ? 0.5 : 0);
  const score = Math.round((dpc * ei + cb) * 100) / 100;
  const band = bandOf(score);
  const policy = file.riskPolicy ?? DEFAULT_RISK_POLICY;
  return { dpc, ei, cb, score, band, suggestedRisk: riskForBand(band, policy), dataSets, policy };
}
