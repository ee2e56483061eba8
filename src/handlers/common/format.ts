import { DateTime } from 'luxon';

/** "Tue 24 Nov 2026, 09:00" in the user's zone; date-only values stay dates. */
export function formatInstant(value: Date | string | null | undefined, tz: string): string {
  if (!value) return '—';
  const dt = DateTime.fromJSDate(typeof value === 'string' ? new Date(value) : value).setZone(tz);
  return dt.isValid ? dt.toFormat('ccc d LLL yyyy, HH:mm') : '—';
}

export function formatDay(value: Date | string | null | undefined, tz: string): string {
  if (!value) return '—';
  const dt =
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
      ? DateTime.fromISO(value, { zone: tz })
      : DateTime.fromJSDate(typeof value === 'string' ? new Date(value) : value).setZone(tz);
  return dt.isValid ? dt.toFormat('ccc d LLL yyyy') : '—';
}

/** "in 3 hours", "2 days ago": for SLA and due dates, relative to the command's clock. */
export function formatRelative(value: Date | null | undefined, now: Date): string {
  if (!value) return '—';
  return DateTime.fromJSDate(value).toRelative({ base: DateTime.fromJSDate(now) }) ?? '—';
}

export function formatPeriod(period: { start: string; end: string } | undefined): string {
  if (!period) return 'all time';
  const start = DateTime.fromISO(period.start);
  const end = DateTime.fromISO(period.end);
  if (start.hasSame(end, 'year')) return `${start.toFormat('d LLL')} – ${end.toFormat('d LLL yyyy')}`;
  return `${start.toFormat('d LLL yyyy')} – ${end.toFormat('d LLL yyyy')}`;
}

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
