import type { Doctor } from '../schemas/doctor.js';
import type { CompiledDoctor } from './compiled-schedule.js';

/**
 * A time the doctor is occupied: epoch milliseconds, `start` inclusive, `end` exclusive
 * (`end > start`). It is a claim as the storage holds it: an appointment's or a hold's own time
 * widened by the buffers it was booked with (see `listClaims` on the repository). A slot is
 * offered only when its own claim, `[start - bufferBefore, end + bufferAfter)`, overlaps no busy
 * time, so two appointments are at least the first's `bufferAfter` plus the second's
 * `bufferBefore` apart, in whichever order they were booked. Without buffers a busy time is the
 * appointment's time.
 *
 * @example
 * ```ts
 * import type { BusyInterval } from 'clinic-slots';
 * const busy: BusyInterval = { start: Date.parse('2027-01-04T14:00:00Z'), end: Date.parse('2027-01-04T14:30:00Z') };
 * ```
 */
export interface BusyInterval {
  /** Start, epoch milliseconds (inclusive). */
  readonly start: number;
  /** End, epoch milliseconds (exclusive), after `start`. */
  readonly end: number;
}

/**
 * A free published slot: `start` and `end` (= start + slot length) in epoch milliseconds, and the
 * ids of the doctor's locations where it can be taken. Slots of one open interval share one frozen
 * `locationIds` array; do not mutate it.
 *
 * @example
 * ```ts
 * import type { Slot } from 'clinic-slots';
 * const label = (slot: Slot) => `${new Date(slot.start).toISOString()} at ${slot.locationIds.join(' or ')}`;
 * ```
 */
export interface Slot {
  /** Start, epoch milliseconds. */
  readonly start: number;
  /** End, epoch milliseconds: start plus the doctor's slot length. */
  readonly end: number;
  /** Where the doctor can be seen then, in the order of the doctor's `locations`. */
  readonly locationIds: readonly string[];
}

/**
 * What {@link generateSlots} and {@link iterateSlots} need. All instants are epoch milliseconds,
 * integers from 1970-01-01 to 9999-12-31.
 *
 * @example
 * ```ts
 * import type { Doctor, SlotGenerationInput } from 'clinic-slots';
 * const week = (doctor: Doctor): SlotGenerationInput => ({
 *   doctor,
 *   from: Date.parse('2027-01-04T00:00:00Z'),
 *   to: Date.parse('2027-01-11T00:00:00Z'),
 *   now: Date.parse('2027-01-01T00:00:00Z'),
 * });
 * ```
 */
export interface SlotGenerationInput {
  /**
   * The doctor: zone, locations, weekly schedule, overrides and rules. A `Doctor` is validated
   * and compiled on every call; a {@link CompiledDoctor} (see `compileDoctor`) once for all.
   */
  readonly doctor: Doctor | CompiledDoctor;
  /** Start of the range, inclusive: a slot is in the range when its start is in `[from, to)`. */
  readonly from: number;
  /** End of the range, exclusive; not before `from`. */
  readonly to: number;
  /** The current instant, for the minimum notice and the horizon. */
  readonly now: number;
  /** Times of the doctor's active appointments, in any order; they may overlap each other. */
  readonly busy?: readonly BusyInterval[];
  /** Only slots offered at this location. */
  readonly locationId?: string;
}

/**
 * What {@link checkSlot} needs: the doctor, the exact start and location asked for, the clock and
 * the busy times, as for {@link generateSlots}.
 *
 * @example
 * ```ts
 * import type { Doctor, SlotCheckInput } from 'clinic-slots';
 * const ask = (doctor: Doctor): SlotCheckInput => ({
 *   doctor, start: Date.parse('2027-01-04T14:00:00Z'), locationId: 'park-st', now: Date.parse('2027-01-01T00:00:00Z'),
 * });
 * ```
 */
export interface SlotCheckInput {
  /** The doctor, as for {@link SlotGenerationInput.doctor}. */
  readonly doctor: Doctor | CompiledDoctor;
  /** The start asked for, epoch milliseconds. */
  readonly start: number;
  /** The location asked for. */
  readonly locationId: string;
  /** The current instant. */
  readonly now: number;
  /** Times of the doctor's active appointments, in any order. */
  readonly busy?: readonly BusyInterval[];
}

/**
 * The answer of {@link checkSlot}: the slot when it is offered, else the first reason it is not,
 * in this order: `SLOT_NOT_OFFERED` (the schedule and overrides publish no slot starting then),
 * `LOCATION_NOT_SERVED` (a slot starts then, but not at that location, or the doctor has no such
 * location), `TOO_LATE` (closer to now than the minimum notice, or past), `BEYOND_HORIZON`
 * (further from now than the horizon), `SLOT_TAKEN` (the slot widened by the buffers meets a busy time,
 * overlaps it).
 *
 * @example
 * ```ts
 * import type { SlotCheck } from 'clinic-slots';
 * const explain = (check: SlotCheck) => (check.ok ? `free until ${check.slot.end}` : check.code);
 * ```
 */
export type SlotCheck =
  | { readonly ok: true; readonly slot: Slot }
  | {
      readonly ok: false;
      readonly code: 'SLOT_NOT_OFFERED' | 'LOCATION_NOT_SERVED' | 'TOO_LATE' | 'BEYOND_HORIZON' | 'SLOT_TAKEN';
    };
