/**
 * The first index of `items` (sorted ascending by `compare`) whose item is not before `probe`:
 * where `probe` would be inserted to keep the order. Binary search, O(log n).
 *
 * @internal
 */
export function lowerBound<T, P>(items: readonly T[], probe: P, compare: (item: T, probe: P) => number): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compare(items[middle]!, probe) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The first index of `items` (sorted ascending by `compare`) whose item is after `probe`.
 *
 * @internal
 */
export function upperBound<T, P>(items: readonly T[], probe: P, compare: (item: T, probe: P) => number): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compare(items[middle]!, probe) <= 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Compares two strings by UTF-16 code units (the order of `Array.prototype.sort`). @internal */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
