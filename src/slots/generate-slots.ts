import { compileSchedule } from './compiled-schedule.js';
import { readGenerationInput, type GenerationQuery } from './slot-input.js';
import { createSlotCursor, fillSlots, isCursorDone, mergeBusy, type SlotCursor } from './slot-engine.js';
import type { Slot, SlotGenerationInput } from './types.js';

/** Builds the engine for a validated query. */
function cursorFor(query: GenerationQuery): SlotCursor {
  const compiled = compileSchedule(query.doctor);
  const notBefore = Math.max(query.from, query.now + compiled.minimumNotice);
  let notAfter = query.to - 1;
  if (compiled.horizon !== undefined) notAfter = Math.min(notAfter, query.now + compiled.horizon);
  // A slot's claim [start - bufferBefore, end + bufferAfter) overlaps a busy time [s, e) exactly
  // when the slot [start, end) overlaps [s - bufferAfter, e + bufferBefore).
  const busy = mergeBusy(query.busyStarts, query.busyEnds, compiled.bufferAfter, compiled.bufferBefore);
  return createSlotCursor(compiled, notBefore, notAfter, busy, query.locationId);
}

/**
 * The free published slots of a doctor whose start lies in `[from, to)`, in start order.
 *
 * How a doctor's schedule becomes slots:
 *
 * 1. **Open intervals of a local date.** Each weekly interval belongs to the local date it starts
 *    on; an interval whose `end` is not after its `start` crosses midnight and ends the next day,
 *    and `24:00` as an end is the next midnight. Date overrides then act on the intervals that
 *    belong to their dates only: the `hours` override listed last replaces the date's intervals,
 *    then every `closed` override takes its hours out (or the whole date). What is left of an
 *    interval is an open interval in its own right (its slots step from its new start) and keeps
 *    the interval's locations. A local date that the zone skipped entirely (Pacific/Apia went
 *    from 2011-12-29 straight to 2011-12-31) has no intervals: its hours are not held on the
 *    next date.
 * 2. **Local time to instants.** The start and end of each interval become instants through the
 *    doctor's IANA zone with Temporal's `'compatible'` disambiguation, each on its own: a local
 *    time skipped by a spring-forward gap moves forward by the gap (02:30 becomes 03:30 in New
 *    York), and a local time that occurs twice at a fall-back takes the earlier instant. An
 *    interval whose converted end is not after its converted start is empty. So on a DST day
 *    `09:00` is still 09:00 local, and `01:00`-`03:00` lasts one hour in New York in March and
 *    three in November.
 * 3. **Slot starts.** From each interval's converted start, every `slotStep` of elapsed time:
 *    `start + k * step`, kept while `start + k * step + slotLength` is not after the converted end.
 * 4. **Filters.** A slot is left out when its claim, the slot widened by the doctor's buffers to
 *    `[start - bufferBefore, end + bufferAfter)`, overlaps a busy time (a claim that ends exactly
 *    where a busy time begins stays), when it starts before `now + minimumNotice` (so never in
 *    the past), after `now + horizon` (with a horizon), or, with `locationId`, when it is not
 *    offered there.
 * 5. **Order.** Slots come in start order, one per start. Where converted intervals overlap
 *    (around a DST gap, or an `hours` override that opens into the hours of the previous date's
 *    interval), equal starts are merged into one slot offered at the union of the locations.
 *
 * `locationIds` is the interval's `locationIds`, or all the doctor's location ids, in the order
 * of the doctor's `locations`; the array is frozen and shared by all slots of the interval.
 * A `locationId` the doctor does not have gives no slots. The result never depends on the host
 * process's `TZ`. A plain `Doctor` is validated and compiled on every call; pass a
 * {@link CompiledDoctor} (`compileDoctor`) to do that once for many calls.
 *
 * Cost: the zone's UTC offsets are read from `Intl` once per zone and year and kept; after that
 * the work is integer arithmetic, proportional to the number of dates, intervals and slots, plus
 * sorting the busy times once.
 *
 * @param input - doctor, range `[from, to)` of at most {@link MAX_SLOT_RANGE_DAYS} days, `now`,
 *   busy times, optional location
 * @returns the free slots, in start order
 * @throws SchedulingError `VALIDATION_FAILED` when the doctor or the query is invalid (instants
 *   must be integer epoch milliseconds from 1970 to 9999, `from <= to`, busy intervals must end
 *   after they start) or the range is longer than {@link MAX_SLOT_RANGE_DAYS} days
 *
 * @example
 * ```ts
 * import { DoctorSchema, generateSlots } from 'clinic-slots';
 * const doctor = DoctorSchema.parse({
 *   id: 'dr-wright', name: 'Jane Wright', timeZone: 'America/New_York',
 *   locations: [{ id: 'park-st', address: '1 Park St' }],
 *   schedule: { monday: [{ start: '09:00', end: '12:00' }] }, overrides: [],
 *   rules: { slotLength: 'PT30M' }, version: 1,
 *   createdAt: '2027-01-01T00:00:00.000Z', updatedAt: '2027-01-01T00:00:00.000Z',
 * });
 * const slots = generateSlots({
 *   doctor,
 *   from: Date.parse('2027-01-04T00:00:00Z'),
 *   to: Date.parse('2027-01-05T00:00:00Z'),
 *   now: Date.parse('2027-01-01T00:00:00Z'),
 *   busy: [{ start: Date.parse('2027-01-04T15:00:00Z'), end: Date.parse('2027-01-04T15:30:00Z') }],
 * });
 * console.log(slots.length); // 5: 09:00 to 11:30 local (14:00Z to 16:30Z), without 10:00
 * console.log(new Date(slots[0]!.start).toISOString()); // '2027-01-04T14:00:00.000Z'
 * ```
 */
export function generateSlots(input: SlotGenerationInput): Slot[] {
  const cursor = cursorFor(readGenerationInput(input, true));
  const out: Slot[] = [];
  fillSlots(cursor, out, true);
  return out;
}

/**
 * The same slots as {@link generateSlots}, lazily, for a range of any length: dates are read one
 * at a time as the iterator is consumed, so memory stays bounded by about a day of slots. Input
 * is validated when `iterateSlots` is called (not on the first `next()`); the busy list is read
 * then, so later changes to it are not seen. Stop consuming whenever you like.
 *
 * A search that finds nothing reads every date up to `to` (it stops early only where no date can
 * be open: after the last override when the weekly schedule never opens at `locationId`). Up to
 * 9999 that is about 400 ms, and several seconds the first time for a zone (its offsets are read
 * for each year). A doctor's `horizon` bounds the search; without one, bound `to` when you can.
 *
 * @param input - as for {@link generateSlots}, without the range limit
 * @returns an iterator of the free slots, in start order
 * @throws SchedulingError `VALIDATION_FAILED`, as {@link generateSlots}
 *
 * @example
 * ```ts
 * import { iterateSlots, type Doctor, type Slot } from 'clinic-slots';
 * // The first free slot after now, however far away.
 * function nextFree(doctor: Doctor, now: number): Slot | undefined {
 *   for (const slot of iterateSlots({ doctor, from: now, to: Date.parse('9999-01-01T00:00:00Z'), now })) {
 *     return slot;
 *   }
 *   return undefined;
 * }
 * ```
 */
export function iterateSlots(input: SlotGenerationInput): IterableIterator<Slot> {
  return lazySlots(cursorFor(readGenerationInput(input, false)));
}

/** Yields the slots of a cursor, a date at a time. */
function* lazySlots(cursor: SlotCursor): Generator<Slot, undefined, undefined> {
  const buffer: Slot[] = [];
  while (!isCursorDone(cursor)) {
    buffer.length = 0;
    fillSlots(cursor, buffer, false);
    yield* buffer;
  }
  return undefined;
}
