import { readFileSync } from 'node:fs';

/**
 * The nickname table shipped with the project: carltonnorthern/names, `names.csv` (Apache-2.0;
 * the licence is `lib/data/nicknames/LICENSE`).
 */
const NICKNAME_TABLE_URL = new URL('./data/nicknames/carltonnorthern_names.csv', import.meta.url);

let cached: ReadonlyMap<string, readonly string[]> | undefined;

/**
 * The nickname table: lower-case formal given name → its lower-case nicknames, in file order
 * (e.g. `'william'` → `['bill', 'billy', 'will', ...]`). A name without nicknames has no entry.
 *
 * Reads `lib/data/nicknames/carltonnorthern_names.csv` once per process and caches it. Throws an
 * Error naming the path when it cannot be read.
 */
export function loadNicknameTable(): ReadonlyMap<string, readonly string[]> {
  if (cached) return cached;
  let text: string;
  try {
    text = readFileSync(NICKNAME_TABLE_URL, 'utf8');
  } catch (error) {
    throw new Error(
      `loadNicknameTable: cannot read ${NICKNAME_TABLE_URL.pathname}`,
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
