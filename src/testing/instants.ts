/** A Monday, far enough ahead that no real clock gets in the way. */
const BASE = Date.parse('2030-01-07T08:00:00.000Z');

/**
 * The instant `minutes` after the kit's base instant (2030-01-07T08:00Z), normalised.
 *
 * @internal
 */
export function at(minutes: number): string {
  return new Date(BASE + minutes * 60_000).toISOString();
}
