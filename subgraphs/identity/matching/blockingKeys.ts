import { soundex } from './compare/index.ts';
import type { RecordFeatures } from './features.ts';

/**
 * Blocking keys of a record: records that share one are compared; all others never are. Each key
 * mixes two attributes, so one typo still leaves the pair in some common block. Keys are stored
 * on the record in Neo4j (`(:SourceRecord)-[:IN_BLOCK]->(:BlockKey)`), and a key held by more
 * records than the model's `maxBlockSize` is skipped, which bounds every candidate set.
 */
export function blockingKeys(f: RecordFeatures): string[] {
  const keys: string[] = [];
  const year = f.birthDate?.slice(0, 4) ?? null;
  const familySx = f.family ? soundex(f.family) : '';
  const givenSx = f.given ? soundex(f.given) : '';
  for (const email of f.emails) {
    keys.push(`e:${email}`);
    const local = email.slice(0, email.indexOf('@'));
    if (local.length >= 4) keys.push(`el:${local}`);
  }
  for (const phone of f.phones) keys.push(`p:${phone}`);
  if (f.birthDate) keys.push(`d:${f.birthDate}`);
  if (f.family) keys.push(`f:${f.family}`);
  if (f.given && f.family) keys.push(`g:${f.given}:${f.family[0]}`);
  if (givenSx && year) keys.push(`gy:${givenSx}:${year}`);
  if (familySx && f.birthDate) keys.push(`fd:${familySx}:${f.birthDate.slice(5)}`);
  if (familySx && year) keys.push(`fy:${familySx}:${year}`);
  if (givenSx && f.birthDate) keys.push(`gd:${givenSx}:${f.birthDate.slice(5)}`);
  if (familySx && givenSx) keys.push(`gf:${[givenSx, familySx].sort().join(':')}`);
  if (f.postcode && f.given) keys.push(`pg:${f.postcode}:${f.given[0]}`);
  if (f.postcode && f.family) keys.push(`pf:${f.postcode}:${f.family[0]}`);
  if (f.city && familySx) keys.push(`cf:${f.city}:${familySx}`);
  if (f.street && f.postcode) keys.push(`sp:${f.street.split(' ').slice(0, 2).join(' ')}:${f.postcode}`);
  if (f.nationalId) keys.push(`n:${f.nationalId}`);
  for (const sourceKey of f.sourceKeys) keys.push(`k:${sourceKey}`);
  return [...new Set(keys)];
}
