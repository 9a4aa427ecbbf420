import { sensitivityLevels, type SensitivityLevel } from '../config.ts';

export type Mask = 'EMAIL' | 'PHONE' | 'NAME' | 'POSTCODE' | 'DATE_YEAR' | 'HASH' | 'REDACT';
export type DataCategory = 'IDENTIFIER' | 'CONTACT' | 'DEMOGRAPHIC' | 'FINANCIAL' | 'BEHAVIORAL' | 'LOCATION';
export type AccessDecision = 'CLEAR' | 'MASKED' | 'DENIED';

/** What `@sensitive` declares on one field. */
export interface Sensitivity {
  level: SensitivityLevel;
  mask: Mask | null;
  category: DataCategory | null;
}

export const levelRank = (level: SensitivityLevel): number => sensitivityLevels.indexOf(level);

export const isSensitivityLevel = (value: unknown): value is SensitivityLevel => (sensitivityLevels as readonly unknown[]).includes(value);

/**
 * The decision for one field (DESIGN §4): clearance at or above the level → CLEAR; exactly one
 * below with a mask declared → MASKED; otherwise DENIED.
 */
export function decideAccess(clearance: SensitivityLevel, sensitivity: Pick<Sensitivity, 'level' | 'mask'>): AccessDecision {
  const gap = levelRank(sensitivity.level) - levelRank(clearance);
  if (gap <= 0) return 'CLEAR';
  if (gap === 1 && sensitivity.mask) return 'MASKED';
  return 'DENIED';
}
