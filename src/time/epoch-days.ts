/**
 * Calendar arithmetic in plain integers: a local date is a count of days since 1970-01-01 (the
 * "epoch day"), and a local date-time is "local milliseconds", the epoch milliseconds it would
 * have if the zone were UTC. No `Date`, no `Temporal`, no dependence on the host `TZ`.
 *
 * @packageDocumentation
 * @internal
 */

/** Milliseconds in a minute. @internal */
export const MS_PER_MINUTE = 60_000;

/** Milliseconds in a day of 24 hours. @internal */
export const MS_PER_DAY = 86_400_000;

/** Minutes in a day of 24 hours. @internal */
export const MINUTES_PER_DAY = 1440;

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
 *
 * @param year - any year
 * @param month - 1 to 12
 * @param day - 1 to 31
 * @returns the epoch day; 1970-01-01 is 0, 1969-12-31 is -1
 * @internal
 */
export function epochDayFromDate(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * The proleptic Gregorian date of an epoch day (Howard Hinnant's `civil_from_days`).
 *
 * @param epochDay - days since 1970-01-01
 * @returns year, month (1-12) and day (1-31)
 * @internal
 */
export function dateFromEpochDay(epochDay: number): { year: number; month: number; day: number } {
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/**
 * The weekday of an epoch day as an index into `WEEKDAYS`: 0 is Monday, 6 is Sunday.
 * 1970-01-01 was a Thursday (3).
 *
 * @param epochDay - days since 1970-01-01
 * @returns 0 (Monday) to 6 (Sunday)
 * @internal
 */
export function weekdayIndexOfEpochDay(epochDay: number): number {
  return (((epochDay + 3) % 7) + 7) % 7;
}

/**
 * The epoch day of a `YYYY-MM-DD` string already validated by `LocalDateSchema`.
 *
 * @param date - the local date
 * @returns days since 1970-01-01
 * @internal
 */
export function epochDayOfLocalDate(date: string): number {
  return epochDayFromDate(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));
}

/**
 * The epoch day whose (UTC-as-local) milliseconds contain `localMs`.
 *
 * @param localMs - local milliseconds
 * @returns the epoch day
 * @internal
 */
export function epochDayOfLocalMs(localMs: number): number {
  return Math.floor(localMs / MS_PER_DAY);
}
