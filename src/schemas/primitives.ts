import { z } from 'zod';
import { SchedulingError } from '../domain/errors.js';

/** Characters an id may hold: letters, digits and `._:-`, 1 to 128 of them. */
const ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * An identifier of a doctor, location or appointment: 1 to 128 letters, digits or `._:-`, so it
 * is safe in a URL path. The library makes UUIDs when the caller gives none.
 *
 * @example
 * ```ts
 * import { IdSchema } from 'clinic-slots';
 * IdSchema.parse('dr-wright'); // 'dr-wright'
 * ```
 */
export const IdSchema = z.string().regex(ID_PATTERN, 'ids are 1-128 characters of A-Z a-z 0-9 . _ : -');

/**
 * Whether a string is well-formed Unicode: no half of a UTF-16 surrogate pair without its other
 * half (`String.prototype.isWellFormed`). The rule {@link TextSchema} applies; adapters whose
 * storage cannot keep lone surrogates reuse it.
 *
 * @internal
 */
export function isWellFormedText(text: string): boolean {
  return text.isWellFormed();
}

/**
 * Free text for people (names, addresses, patient references, reasons): 1 to 1,000 characters,
 * not blank, well-formed Unicode, with no NUL character (PostgreSQL can store neither a NUL nor
 * a lone surrogate). Stored verbatim otherwise.
 *
 * @example
 * ```ts
 * import { TextSchema } from 'clinic-slots';
 * TextSchema.parse("O'Brien 🩺"); // "O'Brien 🩺"
 * ```
 */
export const TextSchema = z
  .string()
  .min(1)
  .max(1000)
  .refine((s) => s.trim().length > 0, 'must not be blank')
  .refine((s) => !s.includes('\u0000'), 'must not contain a NUL character')
  .refine(isWellFormedText, 'must be well-formed Unicode (no lone surrogate)');

const LOCAL_TIME = /^(?:([01]\d|2[0-3]):([0-5]\d)|24:00)$/;

/**
 * A local wall-clock time `HH:MM`, 24-hour, from `00:00` to `24:00` (`24:00` only makes sense as
 * the end of an interval: midnight at the end of the day).
 *
 * @example
 * ```ts
 * import { LocalTimeSchema } from 'clinic-slots';
 * LocalTimeSchema.parse('09:30'); // '09:30'
 * ```
 */
export const LocalTimeSchema = z.string().regex(LOCAL_TIME, 'expected a local time HH:MM (00:00-24:00)');

/**
 * Minutes after local midnight of a validated `HH:MM`.
 *
 * @param time - a string accepted by {@link LocalTimeSchema}
 * @returns minutes from 0 to 1440
 * @throws SchedulingError `VALIDATION_FAILED` when `time` is not a local time `HH:MM`
 *
 * @example
 * ```ts
 * import { localTimeToMinutes } from 'clinic-slots';
 * localTimeToMinutes('09:30'); // 570
 * ```
 */
export function localTimeToMinutes(time: string): number {
  if (typeof time !== 'string' || !LOCAL_TIME.test(time)) {
    throw new SchedulingError('VALIDATION_FAILED', 'localTimeToMinutes: expected a local time HH:MM (00:00-24:00)');
  }
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A calendar date `YYYY-MM-DD` (ISO 8601), as on the doctor's local calendar.
 *
 * @example
 * ```ts
 * import { LocalDateSchema } from 'clinic-slots';
 * LocalDateSchema.parse('2027-12-24'); // '2027-12-24'
 * ```
 */
export const LocalDateSchema = z.string().refine((s) => {
  const m = DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && y >= 1900 && y <= 9999;
}, 'expected a valid date YYYY-MM-DD');

const DURATION = /^P(?!$)(?:(\d{1,6})W)?(?:(\d{1,6})D)?(?:T(?=\d)(?:(\d{1,6})H)?(?:(\d{1,9})M)?)?$/;

/**
 * Minutes in an ISO 8601 duration made of weeks, days, hours and minutes (`PT30M`, `PT1H30M`,
 * `P90D`, `P2W`), or `undefined` when the string is not one. A day is 24 hours of elapsed time.
 * Years, months and seconds are not accepted: a slot is whole minutes, and a month has no fixed
 * length.
 *
 * @param duration - the ISO 8601 duration
 * @returns its length in minutes, or `undefined` when the string is not such a duration
 * @throws SchedulingError `VALIDATION_FAILED` when `duration` is not a string
 *
 * @example
 * ```ts
 * import { durationToMinutes } from 'clinic-slots';
 * durationToMinutes('PT1H30M'); // 90
 * durationToMinutes('P1M'); // undefined (months have no fixed length)
 * ```
 */
export function durationToMinutes(duration: string): number | undefined {
  if (typeof duration !== 'string') throw new SchedulingError('VALIDATION_FAILED', 'durationToMinutes: expected a string');
  const m = DURATION.exec(duration);
  if (!m) return undefined;
  const [w, d, h, min] = [m[1], m[2], m[3], m[4]].map((x) => (x === undefined ? 0 : Number(x))) as [
    number,
    number,
    number,
    number,
  ];
  return ((w * 7 + d) * 24 + h) * 60 + min;
}

/**
 * An ISO 8601 duration of weeks, days, hours and minutes, such as `PT30M` or `P90D`; see
 * {@link durationToMinutes}. At most 10 years long.
 *
 * @example
 * ```ts
 * import { DurationSchema } from 'clinic-slots';
 * DurationSchema.parse('PT15M'); // 'PT15M'
 * ```
 */
export const DurationSchema = z.string().refine((s) => {
  const minutes = durationToMinutes(s);
  return minutes !== undefined && minutes <= 10 * 366 * 24 * 60;
}, 'expected an ISO 8601 duration of weeks, days, hours and minutes, like PT30M or P90D');

/**
 * An instant, written as an ISO 8601 date-time with `Z` or an offset
 * (`2027-01-04T09:00:00-05:00`). Parsed, it is normalised to UTC:
 * `2027-01-04T14:00:00.000Z`. Years 1970 to 9999 only.
 *
 * @example
 * ```ts
 * import { InstantSchema } from 'clinic-slots';
 * InstantSchema.parse('2027-01-04T09:00:00-05:00'); // '2027-01-04T14:00:00.000Z'
 * ```
 */
export const InstantSchema = z.iso
  .datetime({ offset: true })
  .transform((s) => new Date(s).toISOString())
  .refine((s) => s >= '1970' && s < '9999', 'instants must lie between 1970 and 9999');

/**
 * An IANA time zone name that this runtime knows (`Europe/Paris`, `America/New_York`, `UTC`).
 * Offsets such as `+02:00` are refused: a doctor works in a place, and places have rules.
 *
 * @example
 * ```ts
 * import { TimeZoneSchema } from 'clinic-slots';
 * TimeZoneSchema.parse('Asia/Kolkata'); // 'Asia/Kolkata'
 * ```
 */
export const TimeZoneSchema = z.string().refine((zone) => {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(zone) || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'expected an IANA time zone name, like Europe/Paris');
