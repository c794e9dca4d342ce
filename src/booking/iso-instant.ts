import { MS_PER_DAY } from '../time/epoch-days.js';

/** `00` to `99`. */
const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

/** `000` to `999`. */
const THREE_DIGITS = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/** The UTC date written last (`YYYY-MM-DDT`), and its epoch day: instants come in runs within a day. */
let lastDay = Number.NaN;
let lastDate = '';

/**
 * `new Date(ms).toISOString()` for an instant from 1970 to 9999 (`YYYY-MM-DDTHH:mm:ss.sssZ`), at
 * a quarter of its cost: the date part of the last day written is kept, the time is read from
 * tables.
 *
 * @param ms - epoch milliseconds, an integer from 0 to 9999-12-31T23:59:59.999Z
 * @returns the ISO string
 * @internal
 */
export function formatInstant(ms: number): string {
  const day = Math.floor(ms / MS_PER_DAY);
  if (day !== lastDay) {
    lastDate = new Date(day * MS_PER_DAY).toISOString().slice(0, 11);
    lastDay = day;
  }
  let rest = ms - day * MS_PER_DAY;
  const milliseconds = rest % 1000;
  rest = (rest - milliseconds) / 1000;
  const seconds = rest % 60;
  rest = (rest - seconds) / 60;
  const minutes = rest % 60;
  const hours = (rest - minutes) / 60;
  return `${lastDate}${TWO_DIGITS[hours]!}:${TWO_DIGITS[minutes]!}:${TWO_DIGITS[seconds]!}.${THREE_DIGITS[milliseconds]!}Z`;
}
