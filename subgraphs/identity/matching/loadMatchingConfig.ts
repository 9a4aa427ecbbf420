import { readFile } from 'node:fs/promises';
import { assertSurvivorshipConfig, defaultSurvivorship, type SurvivorshipConfig } from '../resolution/buildGoldenRecord.ts';
import { comparisons } from './comparisons.ts';
import { defaultMatchingSettings, type MatchingSettings, type MatchRule } from './Matcher.ts';

export interface MatchingConfig {
  settings: MatchingSettings;
  survivorship: SurvivorshipConfig;
}

/**
 * Matching settings and survivorship from a JSON file (`C360_MATCHING_CONFIG`), each key
 * optional and falling back to the defaults:
 * `{ "rules": [...], "oneRecordPerPerson": ["shop"], "birthDateConflict": true, "maxClusterSize": 50,
 *    "maxRecordsPerIdentifier": 10, "identifierLimits": { "phone": 4 }, "survivorship": { "sourcePriority": [...], "attributes": {...} } }`.
 * Throws a TypeError naming the file and the bad entry.
 */
export async function loadMatchingConfig(path: string | null): Promise<MatchingConfig> {
  if (path === null) return { settings: defaultMatchingSettings, survivorship: defaultSurvivorship };
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new TypeError(`C360_MATCHING_CONFIG ${path}: not readable JSON (${(error as Error).message})`);
  }
  return parseMatchingConfig(raw, `C360_MATCHING_CONFIG ${path}`);
}

/** Checks a parsed matching config (see {@link loadMatchingConfig}); `where` names it in errors. */
export function parseMatchingConfig(raw: Record<string, unknown>, where: string): MatchingConfig {
  const fail = (message: string): never => {
    throw new TypeError(`${where}: ${message}`);
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('expected a JSON object');
  const settings: MatchingSettings = { ...defaultMatchingSettings };
  if (raw.rules !== undefined) {
    if (!Array.isArray(raw.rules)) fail('rules must be a list');
    (raw.rules as MatchRule[]).forEach((rule, i) => {
      const when = rule?.when as unknown;
      if (
        typeof rule?.name !== 'string' ||
        !['LINK', 'CANNOT_LINK'].includes(rule.decision) ||
        typeof when !== 'object' ||
        when === null ||
        Array.isArray(when) ||
        Object.keys(when).length === 0
      ) {
        fail(`rules[${i}] must be { "name", "decision": "LINK" | "CANNOT_LINK", "when": { comparison: [levels] } } with at least one comparison`);
      }
      for (const [name, levels] of Object.entries(rule.when)) {
        const comparison = comparisons.find((c) => c.name === name);
        if (!comparison) fail(`rules[${i}].when: unknown comparison "${name}" (known: ${comparisons.map((c) => c.name).join(', ')})`);
        if (!Array.isArray(levels) || levels.some((l) => l !== 'missing' && !comparison!.levels.includes(l))) {
          fail(`rules[${i}].when.${name} must list levels of ${comparison!.levels.join(', ')} or missing`);
        }
      }
    });
    settings.rules = raw.rules as MatchRule[];
  }
  if (raw.oneRecordPerPerson !== undefined) {
    if (!Array.isArray(raw.oneRecordPerPerson) || raw.oneRecordPerPerson.some((s) => typeof s !== 'string')) fail('oneRecordPerPerson must be a list of source systems');
    settings.oneRecordPerPerson = raw.oneRecordPerPerson as string[];
  }
  if (raw.birthDateConflict !== undefined) {
    if (typeof raw.birthDateConflict !== 'boolean') fail('birthDateConflict must be true or false');
    settings.birthDateConflict = raw.birthDateConflict as boolean;
  }
  for (const name of ['maxClusterSize', 'maxRecordsPerIdentifier'] as const) {
    if (raw[name] === undefined) continue;
    if (!Number.isInteger(raw[name]) || (raw[name] as number) < 1) fail(`${name} must be a positive integer, got ${JSON.stringify(raw[name])}`);
    settings[name] = raw[name] as number;
  }
  if (raw.identifierLimits !== undefined) {
    const limits = raw.identifierLimits as Record<string, unknown>;
    if (typeof limits !== 'object' || limits === null || Array.isArray(limits)) fail('identifierLimits must be an object such as { "phone": 4 }');
    for (const [type, value] of Object.entries(limits)) {
      if (type !== 'email' && type !== 'phone') fail(`identifierLimits: unknown identifier type "${type}" (email, phone)`);
      if (!Number.isInteger(value) || (value as number) < 1) fail(`identifierLimits.${type} must be a positive integer, got ${JSON.stringify(value)}`);
    }
    settings.identifierLimits = limits as MatchingSettings['identifierLimits'];
  }
  let survivorship = defaultSurvivorship;
  if (raw.survivorship !== undefined) {
    const given = raw.survivorship as Partial<SurvivorshipConfig>;
    try {
      survivorship = assertSurvivorshipConfig({
        sourcePriority: given.sourcePriority ?? defaultSurvivorship.sourcePriority,
        attributes: { ...defaultSurvivorship.attributes, ...(given.attributes ?? {}) },
      });
    } catch (error) {
      fail((error as Error).message);
    }
  }
  return { settings: Object.freeze(settings), survivorship };
}
