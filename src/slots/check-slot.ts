import { MS_PER_DAY } from '../time/epoch-days.js';
import type { ZoneOffsets } from '../time/zone-offsets.js';
import { compileSchedule, type CompiledSchedule } from './compiled-schedule.js';
import { readCheckInput } from './slot-input.js';
import { union } from './slot-engine.js';
import type { SlotCheck, SlotCheckInput } from './types.js';

/**
 * Why {@link judgeStart} refuses a start: the refusal codes of {@link SlotCheck}.
 *
 * @internal
 */
export type SlotRefusal = Extract<SlotCheck, { ok: false }>['code'];

/**
 * The last span of instants with a single UTC offset that {@link offsetThroughout} found: checks
 * come in runs within one zone and year, so most reuse it.
 */
const lastSpan = { zone: undefined as ZoneOffsets | undefined, from: 0, until: 0, offset: 0 };

/** The one UTC offset of `zone` at every instant of `[from, to]`, or `undefined` when it changes. */
function offsetThroughout(zone: ZoneOffsets, from: number, to: number): number | undefined {
  if (zone !== lastSpan.zone || from < lastSpan.from || to >= lastSpan.until) {
    const span = zone.stableSpan(from);
    lastSpan.zone = zone;
    lastSpan.from = from;
    lastSpan.until = span.until;
    lastSpan.offset = span.offset;
    if (to >= span.until) return undefined;
  }
  return lastSpan.offset;
}

/**
 * The locations of the slot that the schedule and overrides publish starting exactly at `start`
 * (before the minimum notice, the horizon and busy times), or `undefined`: what the engine of
 * `generateSlots` gives for the single instant `start`, without walking its dates.
 *
 * The engine publishes a start when one of the converted intervals `[s, e)` of a local date
 * offers it (`s <= start`, `start + length <= e`, `start - s` a whole number of steps); when
 * several do (a cluster around a DST gap, or overlapping overrides), it merges them into one slot
 * at the union of their locations. Only the dates from 3 days before `start`'s UTC date to 1 day
 * after can hold such an interval (as in `createSlotCursor`), and their local times convert with
 * the one offset of a span without transitions, else as the engine converts them; with one
 * offset, only `start`'s local date and the one before can.
 *
 * @param compiled - the doctor
 * @param start - the instant, epoch milliseconds (validated)
 * @returns the locations, in the doctor's order, or `undefined`
 * @internal
 */
export function publishedAt(compiled: CompiledSchedule, start: number): readonly string[] | undefined {
  const { slotLength: length, slotStep: step, zone } = compiled;
  let firstDay = Math.floor(start / MS_PER_DAY) - 3;
  let lastDay = firstDay + 4;
  // Every local time of these dates' intervals is within a day of [L(firstDay), L(lastDay) + 2 days].
  const stable = offsetThroughout(zone, (firstDay - 1) * MS_PER_DAY, (lastDay + 3) * MS_PER_DAY);
  const constant = stable !== undefined;
  const offset = stable ?? 0;
  if (constant) {
    // An interval of date D lies in [L(D), L(D) + 2 days) of local time: only the local date of
    // `start` and the one before can hold it.
    lastDay = Math.floor((start + offset) / MS_PER_DAY);
    firstDay = lastDay - 1;
  }
  let found: readonly string[] | undefined;
  for (let day = firstDay; day <= lastDay; day++) {
    const intervals = compiled.intervalsOn(day);
    const midnight = day * MS_PER_DAY;
    for (let i = 0; i < intervals.length; i++) {
      const interval = intervals[i]!;
      const s = constant ? midnight + interval.opens - offset : zone.localToInstant(midnight + interval.opens);
      if (start < s || (start - s) % step !== 0) continue;
      const e = constant ? midnight + interval.closes - offset : zone.localToInstant(midnight + interval.closes);
      if (start + length > e) continue;
      found = found === undefined ? interval.locationIds : union(compiled, found, interval.locationIds);
    }
  }
  return found;
}

/**
 * Whether a busy time, widened by the buffers, overlaps the slot starting at `start`.
 *
 * @internal
 */
export function isTaken(compiled: CompiledSchedule, start: number, busyStarts: readonly number[], busyEnds: readonly number[]): boolean {
  const end = start + compiled.slotLength;
  for (let i = 0; i < busyStarts.length; i++) {
    if (busyStarts[i]! - compiled.bufferBefore < end && busyEnds[i]! + compiled.bufferAfter > start) return true;
  }
  return false;
}

/**
 * {@link checkSlot} on validated input, without allocating: the slot's locations when the start
 * is bookable, else the first refusal that applies, in the documented order.
 *
 * @param compiled - the doctor
 * @param start - the wanted start, epoch milliseconds
 * @param locationId - the wanted location
 * @param now - the current instant, epoch milliseconds
 * @param busyStarts - busy starts (not widened), or `undefined` for none
 * @param busyEnds - busy ends, same length
 * @returns the locations of the slot, or the refusal code
 * @internal
 */
export function judgeStart(
  compiled: CompiledSchedule,
  start: number,
  locationId: string,
  now: number,
  busyStarts?: readonly number[],
  busyEnds?: readonly number[],
): readonly string[] | SlotRefusal {
  const locationIds = publishedAt(compiled, start);
  if (locationIds === undefined) return 'SLOT_NOT_OFFERED';
  if (!locationIds.includes(locationId)) return 'LOCATION_NOT_SERVED';
  if (start < now + compiled.minimumNotice) return 'TOO_LATE';
  if (compiled.horizon !== undefined && start > now + compiled.horizon) return 'BEYOND_HORIZON';
  if (busyStarts !== undefined && busyEnds !== undefined && isTaken(compiled, start, busyStarts, busyEnds)) return 'SLOT_TAKEN';
  return locationIds;
}

/**
 * Whether the doctor offers a free slot starting exactly at `start` at `locationId`: the one
 * rule for listing and booking. It answers as the engine of {@link generateSlots} does for the
 * single instant `start`, so `checkSlot(...).ok` is true exactly when `generateSlots` over any
 * range containing `start`, with the same doctor, `now` and busy times, offers a slot starting at
 * `start` whose `locationIds` include `locationId`. When several reasons to refuse apply, the
 * first one in this order is given: `SLOT_NOT_OFFERED`, `LOCATION_NOT_SERVED`, `TOO_LATE`,
 * `BEYOND_HORIZON`, `SLOT_TAKEN` (see {@link SlotCheck}).
 *
 * @param input - doctor, start, location, now, busy times
 * @returns `{ ok: true, slot }` or `{ ok: false, code }`
 * @throws SchedulingError `VALIDATION_FAILED` when the input is invalid (as for
 *   {@link generateSlots}; `locationId` must be a well-formed id)
 *
 * @example
 * ```ts
 * import { DoctorSchema, checkSlot } from 'clinic-slots';
 * const doctor = DoctorSchema.parse({
 *   id: 'dr-wright', name: 'Jane Wright', timeZone: 'America/New_York',
 *   locations: [{ id: 'park-st', address: '1 Park St' }],
 *   schedule: { monday: [{ start: '09:00', end: '12:00' }] }, overrides: [],
 *   rules: { slotLength: 'PT30M' }, version: 1,
 *   createdAt: '2027-01-01T00:00:00.000Z', updatedAt: '2027-01-01T00:00:00.000Z',
 * });
 * const now = Date.parse('2027-01-01T00:00:00Z');
 * checkSlot({ doctor, start: Date.parse('2027-01-04T14:00:00Z'), locationId: 'park-st', now }).ok; // true
 * checkSlot({ doctor, start: Date.parse('2027-01-04T14:10:00Z'), locationId: 'park-st', now }); // { ok: false, code: 'SLOT_NOT_OFFERED' }
 * ```
 */
export function checkSlot(input: SlotCheckInput): SlotCheck {
  const query = readCheckInput(input);
  const compiled = compileSchedule(query.doctor);
  const { start } = query;
  const verdict = judgeStart(compiled, start, query.locationId, query.now, query.busyStarts, query.busyEnds);
  if (typeof verdict === 'string') return { ok: false, code: verdict };
  return { ok: true, slot: { start, end: start + compiled.slotLength, locationIds: verdict } };
}
