import { claimsCollide, type Claim } from '../../domain/claims.js';

/**
 * The claims a write takes: those it was given, or by default one claim of its doctor over its
 * own time (what round one's overlap rule held).
 *
 * @internal
 */
export function claimsOf(owner: { readonly doctorId: string; readonly start: string; readonly end: string }, claims?: readonly Claim[]): readonly Claim[] {
  return claims ?? [{ kind: 'doctor', id: owner.doctorId, lane: 0, from: owner.start, to: owner.end }];
}

/**
 * The position of the first of `claims` that collides with an earlier one of the same write
 * (such a write can never be stored), or `undefined` when they are all apart.
 *
 * @internal
 */
export function firstCollidingWithEarlier(claims: readonly Claim[]): number | undefined {
  for (let i = 1; i < claims.length; i++) {
    for (let j = 0; j < i; j++) if (claimsCollide(claims[i]!, claims[j]!)) return i;
  }
  return undefined;
}

/**
 * A write's claims in one order for every writer (by kind, resource, lane, start), so that writes
 * waiting on each other's uncommitted claims (a PostgreSQL exclusion constraint waits for the
 * transaction of a conflicting row) always wait in the same direction and never deadlock.
 *
 * @internal
 */
export function inLockOrder(claims: readonly Claim[]): readonly Claim[] {
  const compare = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
  return [...claims].sort((a, b) => compare(a.kind, b.kind) || compare(a.id, b.id) || a.lane - b.lane || compare(a.from, b.from));
}
