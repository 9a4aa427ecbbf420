const timestamp = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Parses an ISO 8601 date or timestamp into a canonical UTC string (`…Z`); null when it is not one,
 * including calendar dates that do not exist (`2023-02-29`). Without an offset the value is read
 * as UTC, so the result never depends on the machine's time zone.
 */
export function toIsoTimestamp(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = timestamp.exec(value.trim());
  if (!match) return null;
  const [, year, month, day, hour = '00', minute = '00', second = '00', fraction = '', offset = 'Z'] = match;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (date.getUTCMonth() !== Number(month) - 1 || date.getUTCDate() !== Number(day)) return null;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return null;
  const normalizedOffset = offset === 'Z' ? 'Z' : offset.includes(':') ? offset : `${offset.slice(0, 3)}:${offset.slice(3)}`;
  const parsed = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}${fraction}${normalizedOffset}`);
  return Number.isNaN(parsed.getTime()) ? null : parsed.toISOString();
}

/** A timestamp as a SQL driver returns it (PGlite and pg give `Date`; text is accepted too) in canonical UTC form. */
export const sqlTimestamp = (value: Date | string): string => (value instanceof Date ? value : new Date(value)).toISOString();

/** Clock skew a source system may have: timestamps up to this far ahead of now are accepted. */
const futureAllowanceMs = 24 * 3600_000;

/** The latest timestamp an input may carry (`observedAt`, `capturedAt`, `placedAt`): now plus a day of clock skew. */
export const latestAcceptedTimestamp = (now: Date = new Date()): string => new Date(now.getTime() + futureAllowanceMs).toISOString();
