import { z } from 'zod';
import { checkSlot } from '../slots/check-slot.js';
import type { BusyInterval } from '../slots/types.js';
import { parseInput } from '../schemas/parse.js';
import { AppointmentSchema, type Appointment } from '../schemas/appointment.js';
import { DoctorSchema, type Doctor } from '../schemas/doctor.js';
import { IdSchema, InstantSchema } from '../schemas/primitives.js';
import { isActiveStatus } from '../domain/appointment.js';
import { bookingRuleSpans } from '../domain/booking-rules.js';
import type { BookingRefusalCode } from '../domain/refusals.js';


/**
 * What {@link judgeBooking} judges: a start of a doctor at a location, at an instant `now`, given
 * the doctor's appointments around that start.
 *
 * @example
 * ```ts
 * import type { BookingCandidate, Doctor } from 'clinic-slots';
 * const candidate = (doctor: Doctor): BookingCandidate => ({
 *   doctor, locationId: 'park-st', start: '2027-01-04T09:00:00Z', now: '2027-01-01T08:00:00Z', appointments: [],
 * });
 * ```
 */
export interface BookingCandidate {
  /** The doctor, as stored. */
  readonly doctor: Doctor;
  /** Where the patient wants to be seen. */
  readonly locationId: string;
  /** The wanted start, an ISO 8601 instant. */
  readonly start: string;
  /** The current instant, an ISO 8601 instant. */
  readonly now: string;
  /**
   * The doctor's appointments around `start` (any status: only `booked` ones hold time). When
   * left out, the policy does not judge overlaps at all: the storage's atomic insert does (and,
   * without buffers, that is the same rule).
   */
  readonly appointments?: readonly Appointment[];
  /** The id of an appointment whose time counts as free: the one being rescheduled. */
  readonly freeing?: string;
}

/**
 * The verdict of {@link judgeBooking}: the slot the start opens (UTC instants) or why not.
 *
 * @example
 * ```ts
 * import type { BookingJudgement } from 'clinic-slots';
 * const describe = (j: BookingJudgement) => (j.ok ? `until ${j.end}` : j.code);
 * ```
 */
export type BookingJudgement =
  | {
      /** The start is bookable. */
      readonly ok: true;
      /** The start, normalised (`2027-01-04T09:00:00.000Z`). */
      readonly start: string;
      /** The end: the start plus the slot length. */
      readonly end: string;
      /** The locations the doctor can be seen at then. */
      readonly locationIds: readonly string[];
    }
  | {
      /** The start is not bookable. */
      readonly ok: false;
      /** Why. */
      readonly code: BookingRefusalCode;
    };


/**
 * The claims of the `booked` appointments among `appointments`, except `freeing`, as busy
 * times: each appointment's time widened by the doctor's buffers, as it was booked with them.
 *
 * @internal
 */
export function busyTimes(appointments: readonly Appointment[], doctor: Doctor, freeing?: string): BusyInterval[] {
  const { bufferBefore, bufferAfter } = bookingRuleSpans(doctor.rules);
  const busy: BusyInterval[] = [];
  for (const a of appointments) {
    if (isActiveStatus(a.status) && a.id !== freeing) busy.push({ start: Date.parse(a.start) - bufferBefore, end: Date.parse(a.end) + bufferAfter });
  }
  return busy;
}

/**
 * The policy without input validation, on epoch milliseconds: for the scheduler's hot path.
 *
 * @internal
 */
export function judge(doctor: Doctor, locationId: string, start: number, now: number, busy?: readonly BusyInterval[]): BookingJudgement {
  const verdict = checkSlot({ doctor, start, locationId, now, ...(busy === undefined ? {} : { busy }) });
  if (!verdict.ok) return { ok: false, code: verdict.code };
  return {
    ok: true,
    start: new Date(verdict.slot.start).toISOString(),
    end: new Date(verdict.slot.end).toISOString(),
    locationIds: verdict.slot.locationIds,
  };
}

const BookingCandidateSchema = z.strictObject({
  doctor: DoctorSchema,
  locationId: IdSchema,
  start: InstantSchema,
  now: InstantSchema,
  appointments: z.array(AppointmentSchema).max(100_000).optional(),
  freeing: IdSchema.optional(),
});

/**
 * The booking policy, a pure function: may this start of this doctor be booked at this location,
 * now, given the appointments around it? It holds exactly when the slot generator publishes the
 * start (for the same doctor, location, clock and appointments), so what `book` accepts is what
 * `findAvailableSlots` offers. `book` and `reschedule` both decide with it; the storage's atomic
 * insert then guards against concurrent bookings.
 *
 * Refusals, in the order they are checked (as `checkSlot` checks them): `SLOT_NOT_OFFERED` (no
 * published slot starts then), `LOCATION_NOT_SERVED` (one does, but not at that location, or the
 * doctor has no such location), `TOO_LATE` (in the past or within the minimum notice),
 * `BEYOND_HORIZON`, and `SLOT_TAKEN` (an active appointment, widened by the buffers, is in the
 * way).
 *
 * @param candidate - the doctor, location, start, now and appointments; see {@link BookingCandidate}
 * @returns the slot, or the refusal code; see {@link BookingJudgement}
 * @throws SchedulingError `VALIDATION_FAILED` when `candidate` is malformed
 *
 * @example
 * ```ts
 * import { judgeBooking, type Doctor } from 'clinic-slots';
 * const doctor: Doctor = {
 *   id: 'dr-wright', name: 'Jane Wright', timeZone: 'Europe/London',
 *   locations: [{ id: 'park-st', address: '1 Park St' }],
 *   schedule: { monday: [{ start: '09:00', end: '12:00' }] }, overrides: [],
 *   rules: { slotLength: 'PT30M' }, version: 1,
 *   createdAt: '2027-01-01T00:00:00.000Z', updatedAt: '2027-01-01T00:00:00.000Z',
 * };
 * judgeBooking({ doctor, locationId: 'park-st', start: '2027-01-04T09:00:00Z', now: '2027-01-01T00:00:00Z' });
 * // { ok: true, start: '2027-01-04T09:00:00.000Z', end: '2027-01-04T09:30:00.000Z', locationIds: ['park-st'] }
 * judgeBooking({ doctor, locationId: 'park-st', start: '2027-01-04T09:10:00Z', now: '2027-01-01T00:00:00Z' });
 * // { ok: false, code: 'SLOT_NOT_OFFERED' }
 * ```
 */
export function judgeBooking(candidate: BookingCandidate): BookingJudgement {
  const c = parseInput(BookingCandidateSchema, candidate, 'booking candidate');
  const busy = c.appointments === undefined ? undefined : busyTimes(c.appointments, c.doctor, c.freeing);
  return judge(c.doctor, c.locationId, Date.parse(c.start), Date.parse(c.now), busy);
}
