import { MS_PER_DAY } from '../time/epoch-days.js';
import { compileSchedule, type CompiledSchedule, type InstantsMemo } from './compiled-schedule.js';
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
 * Fills `compiled.instantsMemo` for the UTC date `utcDay`: the intervals, long enough for a slot,
 * of the local dates that can hold a slot starting that day, converted to instants as the engine
 * converts them. Those dates are the 3 before to the 1 after (as in `createSlotCursor`); with one
 * UTC offset throughout, only the local dates of the day's instants and the one before, since an
 * interval of date D lies in [L(D), L(D) + 2 days) of local time.
 */
function readDays(compiled: CompiledSchedule, utcDay: number): InstantsMemo {
  const { slotLength: length, zone } = compiled;
  const memo = compiled.instantsMemo;
  memo.starts.length = 0;
  memo.ends.length = 0;
  memo.locations.length = 0;
  let firstDay = utcDay - 3;
  let lastDay = utcDay + 1;
  // Every local time of these dates' intervals is within a day of [L(firstDay), L(lastDay) + 2 days].
  const offset = zone.offsetThroughout((firstDay - 1) * MS_PER_DAY, (lastDay + 3) * MS_PER_DAY);
  if (offset !== undefined) {
    firstDay = Math.floor((utcDay * MS_PER_DAY + offset) / MS_PER_DAY) - 1;
    lastDay = Math.floor(((utcDay + 1) * MS_PER_DAY - 1 + offset) / MS_PER_DAY);
  }
  for (let day = firstDay; day <= lastDay; day++) {
    const intervals = compiled.intervalsOn(day);
    const midnight = day * MS_PER_DAY;
    for (let i = 0; i < intervals.length; i++) {
      const interval = intervals[i]!;
      const s = offset !== undefined ? midnight + interval.opens - offset : zone.localToInstant(midnight + interval.opens);
      const e = offset !== undefined ? midnight + interval.closes - offset : zone.localToInstant(midnight + interval.closes);
      if (e - s < length) continue;
      memo.starts.push(s);
      memo.ends.push(e);
      memo.locations.push(interval.locationIds);
    }
  }
  memo.utcDay = utcDay;
  return memo;
}

/**
 * The locations of the slot that the schedule and overrides publish starting exactly at `start`
 * (before the minimum notice, the horizon and busy times), or `undefined`: what the engine of
 * `generateSlots` gives for the single instant `start`, without walking its dates.
 *
 * The engine publishes a start when one of the converted intervals `[s, e)` of a local date
 * offers it (`s <= start`, `start + length <= e`, `start - s` a whole number of steps); when
 * several do (a cluster around a DST gap, or overlapping overrides), it merges them into one slot
 * at the union of their locations. The converted intervals of the dates around `start`'s UTC date
 * are kept in `compiled.instantsMemo` for the next start on that date.
 *
 * @param compiled - the doctor
 * @param start - the instant, epoch milliseconds (validated)
 * @returns the locations, in the doctor's order, or `undefined`
 * @internal
 */
export function publishedAt(compiled: CompiledSchedule, start: number): readonly string[] | undefined {
  const { slotLength: length, slotStep: step } = compiled;
  const utcDay = Math.floor(start / MS_PER_DAY);
  const memo = compiled.instantsMemo.utcDay === utcDay ? compiled.instantsMemo : readDays(compiled, utcDay);
  const { starts, ends, locations } = memo;
  let found: readonly string[] | undefined;
  for (let i = 0; i < starts.length; i++) {
    const s = starts[i]!;
    if (start < s || (start - s) % step !== 0 || start + length > ends[i]!) continue;
    found = found === undefined ? locations[i]! : union(compiled, found, locations[i]!);
  }
  return found;
}

/**
 * Whether the claim of the slot starting at `start`, `[start - bufferBefore, end + bufferAfter)`,
 * overlaps a busy time (a claim already widened by its own buffers).
 *
 * @internal
 */
export function isTaken(compiled: CompiledSchedule, start: number, busyStarts: readonly number[], busyEnds: readonly number[]): boolean {
  const from = start - compiled.bufferBefore;
  const to = start + compiled.slotLength + compiled.bufferAfter;
  for (let i = 0; i < busyStarts.length; i++) {
    if (busyStarts[i]! < to && busyEnds[i]! > from) return true;
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
