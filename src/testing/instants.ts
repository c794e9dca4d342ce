/** A Monday, far enough ahead that no real clock gets in the way. */
const BASE = Date.parse('2030-01-07T08:00:00.000Z');

/** When the kit's writes happen: the `createdAt` of the builders, a week before {@link BASE}. */
const WRITTEN = Date.parse('2030-01-01T00:00:00.000Z');

/**
 * The instant `minutes` after the kit's base instant (2030-01-07T08:00Z), normalised: the times
 * that appointments, holds and claims occupy.
 *
 * @internal
 */
export function at(minutes: number): string {
  return new Date(BASE + minutes * 60_000).toISOString();
}

/**
 * The instant `minutes` after the kit's writing instant (2030-01-01T00:00Z, the `createdAt` of
 * `anAppointment` and `aHold`), normalised: the "now" of a write, and of a hold's expiry. This is
 * the clock the kit injects: an adapter judges liveness by the instants it is given, never by
 * its own clock.
 *
 * @internal
 */
export function clock(minutes: number): string {
  return new Date(WRITTEN + minutes * 60_000).toISOString();
}

/**
 * The instant `ms` milliseconds after `instant`, normalised.
 *
 * @internal
 */
export function plusMs(instant: string, ms: number): string {
  return new Date(Date.parse(instant) + ms).toISOString();
}
