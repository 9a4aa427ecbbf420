export type Severity = 'INFO' | 'WARNING' | 'ERROR';

/** A rule as configured in the store. */
export interface RuleDefinition {
  id: string;
  description: string;
  field: string;
  severity: Severity;
  enabled: boolean;
}

/** The facts of one source record that rules evaluate (`Customer.recordFacts` from identity). */
export interface RecordFacts {
  sourceKey: string;
  givenName?: string | null;
  familyName?: string | null;
  fullName?: string | null;
  emails: readonly string[];
  phones: readonly string[];
  birthDate?: string | null;
}

export interface QualityIssue {
  rule: string;
  field: string;
  sourceKey: string;
  severity: Severity;
  message: string;
}
