import { BatonError } from './errors.js';

const unitMilliseconds: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** Reads a duration such as `90m`, `1h30m`, `1.5h` or `2d` into milliseconds. */
export function parseDuration(text: string): number {
  const compact = text.trim().toLowerCase().replaceAll(' ', '');
  const parts = [...compact.matchAll(/(\d+(?:\.\d+)?)([smhdw])/g)];
  const consumed = parts.map((part) => part[0]).join('');
  if (parts.length === 0 || consumed !== compact) {
    throw new BatonError({
      code: 'USAGE_INVALID',
      message: `"${text}" is not a duration.`,
      hint: 'Write a number with a unit: 45m, 1h30m, 1.5h, 2d (units s, m, h, d, w).',
    });
  }
  return parts.reduce(
    (total, [, amount = '0', unit = 's']) => total + Number(amount) * (unitMilliseconds[unit] ?? 0),
    0,
  );
}

/** Reads `--since`: an ISO date or time, or a span back from now such as `7d` or `12h`. */
export function parseSince(text: string, now: Date): string {
  if (/^\d+(\.\d+)?[smhdw]/i.test(text.trim()))
    return new Date(now.getTime() - parseDuration(text)).toISOString();
  const time = Date.parse(text);
  if (Number.isNaN(time)) {
    throw new BatonError({
      code: 'USAGE_INVALID',
      message: `"${text}" is neither a date nor a span of time.`,
      hint: 'Use an ISO date such as 2026-11-01 (or 2026-11-01T09:00Z), or a span back from now such as 7d or 12h.',
    });
  }
  return new Date(time).toISOString();
}
