import { MS_PER_DAY, dateFromEpochDay } from './epoch-days.js';

/**
 * Instants as the port stores them: normalised UTC ISO strings `YYYY-MM-DDTHH:mm:ss.sssZ`, from
 * 1970 to 9999, and their epoch milliseconds.
 *
 * @packageDocumentation
 * @internal
 */

/** The latest instant the port's normalised strings can hold: 9999-12-31T23:59:59.999Z. @internal */
export const MAX_INSTANT_MS = 253_402_300_799_999;

/** `00` to `99`. */
const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

/** `000` to `999`. */
const THREE_DIGITS = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/**
 * `new Date(ms).toISOString()` for an instant from 1970 to 9999 (`YYYY-MM-DDTHH:mm:ss.sssZ`),
 * in integer arithmetic and table look-ups, with no `Date`.
 *
 * @param ms - epoch milliseconds, an integer from 0 to {@link MAX_INSTANT_MS}
 * @returns the ISO string
 * @internal
 */
export function formatInstant(ms: number): string {
  const epochDay = Math.floor(ms / MS_PER_DAY);
  const { year, month, day } = dateFromEpochDay(epochDay);
  let rest = ms - epochDay * MS_PER_DAY;
  const milliseconds = rest % 1000;
  rest = (rest - milliseconds) / 1000;
  const seconds = rest % 60;
  rest = (rest - seconds) / 60;
  const minutes = rest % 60;
  const hours = (rest - minutes) / 60;
  return `${year}-${TWO_DIGITS[month]!}-${TWO_DIGITS[day]!}T${TWO_DIGITS[hours]!}:${TWO_DIGITS[minutes]!}:${TWO_DIGITS[seconds]!}.${THREE_DIGITS[milliseconds]!}Z`;
}

/** Days in each month of a common year, January first. */
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The value of two ASCII digits at `i`, or -1. */
function twoDigits(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * The epoch milliseconds of `YYYY-MM-DDTHH:mm:ss.sssZ` or `YYYY-MM-DDTHH:mm:ssZ` with every field
 * in range and the year from 1970 to 9998, else `NaN`. What it reads, `InstantSchema` accepts,
 * and normalises to the same instant.
 *
 * @internal
 */
export function parseCanonicalInstant(s: string): number {
  const n = s.length;
  if (n !== 24 && n !== 20) return Number.NaN;
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) {
    return Number.NaN;
  }
  if (s.charCodeAt(n - 1) !== 90) return Number.NaN;
  const century = twoDigits(s, 0);
  const yy = twoDigits(s, 2);
  const month = twoDigits(s, 5);
  const day = twoDigits(s, 8);
  const hour = twoDigits(s, 11);
  const minute = twoDigits(s, 14);
  const second = twoDigits(s, 17);
  let ms = 0;
  if (n === 24) {
    if (s.charCodeAt(19) !== 46) return Number.NaN;
    const hundreds = s.charCodeAt(20) - 48;
    const rest = twoDigits(s, 21);
    if (hundreds < 0 || hundreds > 9 || rest < 0) return Number.NaN;
    ms = hundreds * 100 + rest;
  }
  if (century < 0 || yy < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59) {
    return Number.NaN;
  }
  if (second < 0 || second > 59) return Number.NaN;
  const year = century * 100 + yy;
  if (year < 1970 || year > 9998) return Number.NaN;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > MONTH_DAYS[month - 1]! + (month === 2 && leap ? 1 : 0)) return Number.NaN;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}
