import { overlaps } from './overlap.js';

/**
 * Claims: how the storage holds every booking rule. A resource (a doctor, a patient) is taken
 * for a time by claims; no two live claims on the same resource lane overlap. A write takes all
 * its claims or none.
 *
 * @packageDocumentation
 */

/**
 * The kinds of resource a claim can take: a doctor (always: an appointment or a hold occupies
 * its doctor, widened by the buffers), or a patient (when the host turns the patient-conflict
 * rule on: `createScheduler({ patientConflicts: true })`).
 *
 * @example
 * ```ts
 * import { CLAIM_KINDS } from 'clinic-slots';
 * CLAIM_KINDS.includes('doctor'); // true
 * ```
 */
export const CLAIM_KINDS = ['doctor', 'patient'] as const;

/**
 * A kind of resource; see {@link CLAIM_KINDS}.
 *
 * @example
 * ```ts
 * import type { ClaimKind } from 'clinic-slots';
 * const kind: ClaimKind = 'patient';
 * ```
 */
export type ClaimKind = (typeof CLAIM_KINDS)[number];

/**
 * One lane of one resource over `[from, to)`, taken by an appointment or a hold. The storage
 * refuses a claim that overlaps a live claim of the same `kind`, `id` and `lane` (back to back is
 * no overlap). A claim is live while its owner is active: a `booked` appointment, or a hold that
 * is `held` and not past its `expiresAt` at the instant of the write.
 *
 * @example
 * ```ts
 * import type { Claim } from 'clinic-slots';
 * // Dr Wright from 09:00 to 09:45 UTC: a 30-minute appointment and a 15-minute buffer after it.
 * const claim: Claim = { kind: 'doctor', id: 'dr-wright', lane: 0, from: '2027-01-04T09:00:00.000Z', to: '2027-01-04T09:45:00.000Z' };
 * ```
 */
export interface Claim {
  /** What kind of resource. */
  readonly kind: ClaimKind;
  /** The resource's id: the doctor's id, or the patient's `patientRef`. */
  readonly id: string;
  /** Which lane of the resource: 0 for a resource of one lane (every doctor and patient). */
  readonly lane: number;
  /** The start, a normalised UTC instant (`YYYY-MM-DDTHH:mm:ss.sssZ`). */
  readonly from: string;
  /** The end, a normalised UTC instant after `from`. */
  readonly to: string;
}

/**
 * A live claim as the storage reports it, with its owner.
 *
 * @example
 * ```ts
 * import type { StoredClaim } from 'clinic-slots';
 * const isHold = (claim: StoredClaim) => claim.ownerKind === 'hold';
 * ```
 */
export interface StoredClaim extends Claim {
  /** The id of the appointment or hold that holds it. */
  readonly ownerId: string;
  /** What holds it. */
  readonly ownerKind: 'appointment' | 'hold';
}

/**
 * The code a refused claim gives, by its kind: `SLOT_TAKEN` for a doctor, `PATIENT_BUSY` for a
 * patient.
 *
 * @internal
 */
export function refusalCodeOf(kind: ClaimKind): 'SLOT_TAKEN' | 'PATIENT_BUSY' {
  return kind === 'patient' ? 'PATIENT_BUSY' : 'SLOT_TAKEN';
}

/**
 * Whether two claims collide: the same resource lane, overlapping times.
 *
 * @internal
 */
export function claimsCollide(a: Claim, b: Claim): boolean {
  return a.kind === b.kind && a.id === b.id && a.lane === b.lane && overlaps(a.from, a.to, b.from, b.to);
}

/**
 * The key of a claim's resource lane, for maps and SQL columns: `doctor:dr-wright#0`.
 *
 * @internal
 */
export function laneKey(claim: Pick<Claim, 'kind' | 'id' | 'lane'>): string {
  return `${claim.kind}:${claim.id}#${claim.lane}`;
}
