import { emailKey, phoneKey } from '../../../lib/keys.ts';
import { soundex } from './compare/index.ts';
import { derivedInSlot } from './derivedOnce.ts';
import type { RecordFeatures } from './features.ts';

/**
 * Blocking keys of a record: records that share one are compared; all others never are. Each key
 * mixes two attributes, so one typo still leaves the pair in some common block. Every key costs a
 * write per record and widens every candidate set, so the set is kept small: the keys once also
 * kept here (family soundex with day and month, given soundex with day and month, postcode with
 * family initial, city with family soundex, street with postcode) together covered only 0.5% of
 * the linkable true pairs of fake_1000 that no other key did, and under 0.1% elsewhere. E-mail
 * and phone keys stay whatever their coverage: they count records per identifier for the
 * identifier limits.
 *
 * E-mail, phone and record-id keys are written as identifier keys (`email:…`, `phone:…`,
 * `crm:C-1001`: `lib/keys.ts`), so that in the store a record's identifiers and its blocks are
 * one set of nodes: `(:SourceRecord)-[:IN_BLOCK]->(:BlockKey)` (see `cypher.writeResolution`).
 * The e-mail key is the address as matching reads it (`matchEmail`: without the dots and tags its
 * provider ignores), which is its identifier key for most addresses. The other keys have short
 * prefixes no identifier key has. A key held by more records than the model's `maxBlockSize` is
 * skipped, which bounds every candidate set.
 */
export const blockingKeys: (f: RecordFeatures) => readonly string[] = derivedInSlot(deriveKeys);

function deriveKeys(f: RecordFeatures): string[] {
  const keys: string[] = [];
  const year = f.birthDate?.slice(0, 4) ?? null;
  const familySx = f.family ? soundex(f.family) : '';
  const givenSx = f.given ? soundex(f.given) : '';
  for (const email of f.emails) {
    keys.push(emailKey(email));
    const local = email.slice(0, email.indexOf('@'));
    if (local.length >= 4) keys.push(`el:${local}`);
  }
  for (const phone of f.phones) keys.push(phoneKey(phone));
  if (f.birthDate) keys.push(`d:${f.birthDate}`);
  if (f.family) keys.push(`f:${f.family}`);
  if (f.given && f.family) keys.push(`g:${f.given}:${f.family[0]}`);
  if (givenSx && year) keys.push(`gy:${givenSx}:${year}`);
  if (familySx && year) keys.push(`fy:${familySx}:${year}`);
  if (familySx && givenSx) keys.push(`gf:${[givenSx, familySx].sort().join(':')}`);
  if (f.postcode && f.given) keys.push(`pg:${f.postcode}:${f.given[0]}`);
  if (f.nationalId) keys.push(`n:${f.nationalId}`);
  for (const sourceKey of f.sourceKeys) keys.push(sourceKey);
  return [...new Set(keys)];
}
