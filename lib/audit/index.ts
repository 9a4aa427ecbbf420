export { AuditStore, type AuditStoreOptions, type AuditFilter, type AuditPage, type AuditProblem, type AuditVerification } from './AuditStore.ts';
export { auditDecisions, type AuditDecision, type AuditEntry, type AuditField, type AuditRecord } from './AuditRecord.ts';
export { canonicalJson, type JsonObject, type JsonValue } from './canonicalJson.ts';
export { chainHash, genesisHash, sha256Hex, type AuditPayload } from './chainHash.ts';
export { auditMigrations } from './migrations.ts';
