import { readFile } from 'node:fs/promises';
import type { SourceSystem } from '../../lib/keys.ts';
import { sourceKey } from '../../lib/keys.ts';
import type { SourceRecordInput } from '../../subgraphs/identity/resolution/validateRecord.ts';
import type { EvaluationConfig } from './evaluationConfig.ts';
import { parseCsv } from './parseCsv.ts';

export interface LabelledRecords {
  bySource: Map<SourceSystem, SourceRecordInput[]>;
  /** Source key → true entity. */
  truth: Map<string, string>;
}

const observedAt = '2020-01-01T00:00:00.000Z';

/**
 * Reads a config's CSV files into source records and ground truth. Throws a TypeError naming the
 * file and column when a configured column is missing, or the row whose truth cannot be read.
 */
export async function loadLabelledRecords(config: EvaluationConfig): Promise<LabelledRecords> {
  const bySource = new Map<SourceSystem, SourceRecordInput[]>();
  const truth = new Map<string, string>();
  const pattern = config.truth.pattern ? new RegExp(config.truth.pattern) : null;
  for (const file of config.files) {
    const [header, ...rows] = parseCsv(await readFile(file.path, 'utf8'), { trim: config.trim ?? false });
    if (!header) throw new TypeError(`${file.path}: empty file`);
    const index = new Map(header.map((name, i) => [name, i]));
    const column = (name: string) => {
      const i = index.get(name);
      if (i === undefined) throw new TypeError(`${file.path}: no column "${name}" (columns: ${header.join(', ')})`);
      return i;
    };
    const read = (row: string[], columns: string | string[] | undefined): string | null => {
      if (columns === undefined) return null;
      const value = (Array.isArray(columns) ? columns : [columns]).map((c) => row[column(c)]?.trim() ?? '').filter(Boolean).join(' ');
      return value === '' ? null : value;
    };
    const { fields } = config;
    const records: SourceRecordInput[] = bySource.get(file.source) ?? [];
    rows.forEach((row, i) => {
      const id = read(row, config.id);
      if (!id) throw new TypeError(`${file.path}: row ${i + 2} has no ${config.id}`);
      const label = read(row, config.truth.column) ?? '';
      const entity = pattern ? pattern.exec(label)?.[1] : label;
      if (!entity) throw new TypeError(`${file.path}: row ${i + 2}: cannot read the true entity from ${config.truth.column}=${JSON.stringify(label)}`);
      let birthDate: string | null = null;
      if (fields.birthDate) {
        const raw = read(row, fields.birthDate.column);
        birthDate = raw && fields.birthDate.format === 'YYYYMMDD' && /^\d{8}$/.test(raw) ? `${raw.slice(0, 4)}-${raw.slice(4, 6)}-${raw.slice(6, 8)}` : raw;
      }
      const address = fields.address
        ? { line1: read(row, fields.address.line1), line2: read(row, fields.address.line2), city: read(row, fields.address.city), region: read(row, fields.address.region), postalCode: read(row, fields.address.postalCode) }
        : null;
      records.push({
        sourceId: id,
        observedAt,
        givenName: read(row, fields.givenName),
        familyName: read(row, fields.familyName),
        fullName: read(row, fields.fullName),
        emails: (fields.emails ?? []).map((c) => read(row, c)).filter((v): v is string => v !== null),
        phones: (fields.phones ?? []).map((c) => read(row, c)).filter((v): v is string => v !== null),
        birthDate,
        nationalId: read(row, fields.nationalId),
        addresses: address && Object.values(address).some((v) => v !== null) ? [address] : [],
      });
      truth.set(sourceKey(file.source, id), entity);
    });
    bySource.set(file.source, records);
  }
  return { bySource, truth };
}
