import { createHmac } from 'node:crypto';
import type { Mask } from './levels.ts';

const ukOutward = /^([A-Z]{1,2}\d[A-Z\d]?)\s*\d[A-Z]{2}$/i;

/**
 * Masks one string value. Every mask returns a string, so it fits any String field:
 * EMAIL `j***@example.com`, PHONE `***0123`, NAME `J.`, POSTCODE the UK outward code (`SW1A`) or
 * the first three characters, DATE_YEAR the leading four-digit year (`1985`), HASH a keyed
 * HMAC-SHA256 pseudonym `h_…` (equal inputs give equal tokens under one key, so joins still
 * work; without the key it cannot be reversed or recomputed), REDACT `[REDACTED]`.
 * Values too short to keep anything of are fully starred rather than shown.
 */
export function maskValue(mask: Mask, value: string, hashKey: string): string {
  switch (mask) {
    case 'EMAIL': {
      const at = value.lastIndexOf('@');
      if (at <= 0) return '***';
      return `${value[0]}***${value.slice(at)}`;
    }
    case 'PHONE': {
      const digits = value.replace(/\D/g, '');
      return digits.length > 4 ? `***${digits.slice(-4)}` : '***';
    }
    case 'NAME': {
      const first = value.trim()[0];
      return first ? `${first.toUpperCase()}.` : '***';
    }
    case 'POSTCODE': {
      const trimmed = value.trim();
      const outward = ukOutward.exec(trimmed)?.[1];
      if (outward) return outward.toUpperCase();
      return trimmed.length > 3 ? trimmed.slice(0, 3) : '***';
    }
    case 'DATE_YEAR': {
      const year = /^(\d{4})/.exec(value.trim())?.[1];
      return year ?? '***';
    }
    case 'HASH':
      return `h_${createHmac('sha256', hashKey).update(value).digest('base64url').slice(0, 22)}`;
    case 'REDACT':
      return '[REDACTED]';
  }
}

/** Masks a resolved field value: a string, or a list of them element by element; null stays null. */
export function maskResolved(mask: Mask, value: unknown, hashKey: string): unknown {
  if (value === null || value === undefined) return value;
  if (Array.isArray(value)) return value.map((item) => maskResolved(mask, item, hashKey));
  return maskValue(mask, String(value), hashKey);
}
