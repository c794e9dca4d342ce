/**
 * The overlap rule, on half-open ranges `[start, end)` of any ordered values (epoch
 * milliseconds, or normalised ISO strings, which sort as their instants): two ranges overlap when
 * each starts before the other ends, so back-to-back ranges (`end == next start`) do not.
 *
 * @internal
 */
export function overlaps<T extends number | string>(aStart: T, aEnd: T, bStart: T, bEnd: T): boolean {
  return aStart < bEnd && bStart < aEnd;
}
