import type { Claim } from '../../domain/claims.js';

/**
 * The claims a write takes: those it was given, or by default one claim of its doctor over its
 * own time (what round one's overlap rule held).
 *
 * @internal
 */
export function claimsOf(owner: { readonly doctorId: string; readonly start: string; readonly end: string }, claims?: readonly Claim[]): readonly Claim[] {
  return claims ?? [{ kind: 'doctor', id: owner.doctorId, lane: 0, from: owner.start, to: owner.end }];
}
