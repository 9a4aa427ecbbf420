import type { SourceSystem } from '../../../lib/keys.ts';

export interface AddressValue {
  line1: string | null;
  line2: string | null;
  city: string | null;
  region: string | null;
  postalCode: string | null;
  country: string | null;
}

/** A validated source record with its identifier keys, as stored on a `SourceRecord` node. */
export interface StoredRecord {
  key: string;
  source: SourceSystem;
  sourceId: string;
  observedAt: string;
  givenName: string | null;
  familyName: string | null;
  fullName: string | null;
  /** As the source sent them (trimmed); identifiers hold the normalised forms. */
  emails: string[];
  phones: string[];
  addresses: AddressValue[];
  birthDate: string | null;
  /** A government or national id (social security, tax id), compared with typo tolerance; never a key. */
  nationalId: string | null;
  externalIds: { system: string; value: string }[];
  /** `<source>:<id>` of the record itself and of its external ids, `email:…`, `phone:…`. */
  identifierKeys: string[];
}

export interface ProvenanceEntry {
  attribute: string;
  sourceKey: string;
  rule: string;
}

/** The golden record of one customer: each attribute chosen from its records by survivorship. */
export interface GoldenRecord {
  givenName: string | null;
  familyName: string | null;
  fullName: string | null;
  emails: string[];
  phones: string[];
  addresses: AddressValue[];
  birthDate: string | null;
  provenance: ProvenanceEntry[];
  sourceKeys: string[];
  identifierKeys: string[];
  /** Each record's raw facts, kept on the customer so quality gets them in the same read. */
  recordFacts: RecordFactsValue[];
}

/** What the quality subgraph evaluates of one record (`Customer.recordFacts`). */
export interface RecordFactsValue {
  sourceKey: string;
  givenName: string | null;
  familyName: string | null;
  fullName: string | null;
  emails: string[];
  phones: string[];
  birthDate: string | null;
}
