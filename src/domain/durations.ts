/**
 * Durations and local times as whole minutes: the one conversion every rule uses.
 *
 * @packageDocumentation
 */

import { SchedulingError } from './errors.js';

/** A local wall-clock time `HH:MM`, `00:00` to `24:00`. @internal */
export const LOCAL_TIME = /^(?:([01]\d|2[0-3]):([0-5]\d)|24:00)$/;

const DURATION = /^P(?!$)(?:(\d{1,6})W)?(?:(\d{1,6})D)?(?:T(?=\d)(?:(\d{1,6})H)?(?:(\d{1,9})M)?)?$/;

/**
 * Minutes in an ISO 8601 duration made of weeks, days, hours and minutes (`PT30M`, `PT1H30M`,
 * `P90D`, `P2W`), or `undefined` when the string is not one. A day is 24 hours of elapsed time.
 * Years, months and seconds are not accepted: a slot is whole minutes, and a month has no fixed
 * length.
 *
 * @param duration - the ISO 8601 duration
 * @returns its length in minutes, or `undefined`
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

/** The longest duration the library accepts: 10 years of 366 days, in minutes. @internal */
export const MAX_DURATION_MINUTES = 10 * 366 * 24 * 60;

/**
 * Minutes after local midnight of a validated `HH:MM` (`00:00` to `24:00`).
 *
 * @param time - a string accepted by `LocalTimeSchema`
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
