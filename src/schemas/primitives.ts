import { z } from 'zod';
import { ZoneOffsets } from '../time/zone-offsets.js';
import { ID_PATTERN, ID_RULE } from '../domain/ids.js';
import { MAX_TEXT_LENGTH, TEXT_CHECKS } from '../domain/text.js';
import { LOCAL_TIME, MAX_DURATION_MINUTES, durationToMinutes } from '../domain/durations.js';

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
export const IdSchema = z.string().regex(ID_PATTERN, ID_RULE);

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
export const TextSchema = TEXT_CHECKS.reduce(
  (schema, [check, message]) => schema.refine(check, message),
  z.string().min(1).max(MAX_TEXT_LENGTH),
);


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
  return minutes !== undefined && minutes <= MAX_DURATION_MINUTES;
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
export const TimeZoneSchema = z
  .string()
  .refine((zone) => /^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(zone) && zone.length <= 64 && ZoneOffsets.isKnown(zone), 'expected an IANA time zone name, like Europe/Paris');
