import type { Claim, ClaimKind, StoredClaim } from '../domain/claims.js';
import type { SchedulingRepository } from '../ports/repository.js';
import { plusMs } from './instants.js';

/** Far enough either side of every time the kit books. */
const EVERYTHING = { from: '2000-01-01T00:00:00.000Z', to: '2100-01-01T00:00:00.000Z' } as const;

/**
 * A claim of a doctor over `[from, to)`, on lane 0 unless told.
 *
 * @internal
 */
export function doctorClaim(id: string, from: string, to: string, lane = 0): Claim {
  return { kind: 'doctor', id, lane, from, to };
}

/**
 * A claim of a patient over `[from, to)`, on lane 0.
 *
 * @internal
 */
export function patientClaim(patientRef: string, from: string, to: string): Claim {
  return { kind: 'patient', id: patientRef, lane: 0, from, to };
}

/**
 * The claims a scheduler gives an appointment or a hold: its doctor over its time widened by the
 * buffers (in minutes), and, when `patient` is true, its patient over its own time.
 *
 * @internal
 */
export function claimsFor(
  owner: { readonly doctorId: string; readonly start: string; readonly end: string; readonly patientRef?: string },
  buffers: { readonly before?: number; readonly after?: number; readonly patient?: boolean } = {},
): Claim[] {
  const claims = [doctorClaim(owner.doctorId, plusMs(owner.start, -(buffers.before ?? 0) * 60_000), plusMs(owner.end, (buffers.after ?? 0) * 60_000))];
  if (buffers.patient === true) {
    if (owner.patientRef === undefined) throw new Error('a patient claim needs a patientRef');
    claims.push(patientClaim(owner.patientRef, owner.start, owner.end));
  }
  return claims;
}

/**
 * The claim as the repository should list it, owned by `ownerKind` `ownerId`.
 *
 * @internal
 */
export function storedClaim(claim: Claim, ownerKind: StoredClaim['ownerKind'], ownerId: string): StoredClaim {
  return { kind: claim.kind, id: claim.id, lane: claim.lane, from: claim.from, to: claim.to, ownerId, ownerKind };
}

/**
 * Every live claim of one resource at `at`, over all of time.
 *
 * @internal
 */
export function claimsOfResource(repository: SchedulingRepository, kind: ClaimKind, id: string, at: string): Promise<StoredClaim[]> {
  return repository.listClaims({ kind, id, ...EVERYTHING, at });
}
