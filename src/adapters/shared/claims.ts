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
