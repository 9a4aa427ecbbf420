import { readFileSync } from 'node:fs';

/**
 * Where the nickname table lives: the shared data sets sit beside the repository
 * (`/work/main` and `/work/shared`), so from `tools/demo/` it is three levels up.
 * Source: carltonnorthern/names, `names.csv` (Apache-2.0; licence in the same folder as
 * `LICENSE_carltonnorthern_apache2.txt`). Read at run time, not copied into this repository.
 */
const NICKNAME_TABLE_URL = new URL(
  '../../../shared/datasets/identity/nicknames/carltonnorthern_names.csv',
  import.meta.url,
);

let cached: ReadonlyMap<string, readonly string[]> | undefined;

/**
 * The nickname table: lower-case formal given name → its lower-case nicknames, in file order
 * (e.g. `'william'` → `['bill', 'billy', 'will', ...]`). A name without nicknames has no entry.
 *
 * Reads `shared/datasets/identity/nicknames/carltonnorthern_names.csv` once per process and caches
 * it. Throws an Error naming the path when `shared/` is not beside the repository.
 */
export function loadNicknameTable(): ReadonlyMap<string, readonly string[]> {
  if (cached) return cached;
  let text: string;
  try {
    text = readFileSync(NICKNAME_TABLE_URL, 'utf8');
  } catch (error) {
    throw new Error(
      `loadNicknameTable: cannot read ${NICKNAME_TABLE_URL.pathname}; shared/ must sit beside the repository`,
      { cause: error },
    );
  }
  const table = new Map<string, string[]>();
  for (const line of text.split(/\r?\n/).slice(1)) {
    const [name, relationship, nickname] = line.split(',').map((field) => field.trim().toLowerCase());
    if (relationship !== 'has_nickname' || !name || !nickname || name === nickname) continue;
    if (!/^[a-z]+$/.test(nickname)) continue;
    const list = table.get(name) ?? [];
    if (!list.includes(nickname)) list.push(nickname);
    table.set(name, list);
  }
  cached = table;
  return table;
}
