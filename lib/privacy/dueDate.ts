import type { PrivacyDeadline } from '../config.ts';

/**
 * When a privacy request received at `receivedAt` is due. Months are calendar months ending on
 * the same day of the month, or the month's last day when it has no such day (GDPR art. 12(3)
 * "one month": received 31 January, due 28 February, or 29 in a leap year); days are whole
 * 24-hour days (CCPA's 45 days). Computed in UTC so the answer never depends on the machine.
 */
export function dueDate(receivedAt: Date, deadline: PrivacyDeadline): Date {
  if (Number.isNaN(receivedAt.getTime())) throw new TypeError('Expected a valid receivedAt date, got an invalid Date');
  if (deadline.months !== undefined) {
    if (!Number.isInteger(deadline.months) || deadline.months < 1) throw new TypeError(`Expected a positive whole number of months, got ${deadline.months}`);
    const year = receivedAt.getUTCFullYear();
    const month = receivedAt.getUTCMonth() + deadline.months;
    const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    const day = Math.min(receivedAt.getUTCDate(), lastDay);
    return new Date(Date.UTC(year, month, day, receivedAt.getUTCHours(), receivedAt.getUTCMinutes(), receivedAt.getUTCSeconds(), receivedAt.getUTCMilliseconds()));
  }
  if (!Number.isInteger(deadline.days) || (deadline.days ?? 0) < 1) throw new TypeError(`Expected a positive whole number of days, got ${deadline.days}`);
  return new Date(receivedAt.getTime() + (deadline.days as number) * 86_400_000);
}
