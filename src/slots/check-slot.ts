import { compileSchedule } from './compiled-schedule.js';
import { readCheckInput } from './slot-input.js';
import { createSlotCursor, fillSlots, mergeBusy } from './slot-engine.js';
import type { Slot, SlotCheck, SlotCheckInput } from './types.js';

const NOTHING_BUSY = Object.freeze({ starts: [], ends: [] });

/**
 * Whether the doctor offers a free slot starting exactly at `start` at `locationId`: the one
 * rule for listing and booking. It runs the engine of {@link generateSlots} on the single instant
 * `start`, so `checkSlot(...).ok` is true exactly when `generateSlots` over any range containing
 * `start`, with the same doctor, `now` and busy times, offers a slot starting at `start` whose
 * `locationIds` include `locationId`. When several reasons to refuse apply, the first one in this
 * order is given: `SLOT_NOT_OFFERED`, `LOCATION_NOT_SERVED`, `TOO_LATE`, `BEYOND_HORIZON`,
 * `SLOT_TAKEN` (see {@link SlotCheck}).
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
  const { start, now, locationId } = query;
  const found: Slot[] = [];
  fillSlots(createSlotCursor(compiled, start, start, NOTHING_BUSY, undefined), found, true);
  const slot = found[0];
  if (slot === undefined) return { ok: false, code: 'SLOT_NOT_OFFERED' };
  if (!slot.locationIds.includes(locationId)) return { ok: false, code: 'LOCATION_NOT_SERVED' };
  if (start < now + compiled.minimumNotice) return { ok: false, code: 'TOO_LATE' };
  if (compiled.horizon !== undefined && start > now + compiled.horizon) return { ok: false, code: 'BEYOND_HORIZON' };
  const busy = mergeBusy(query.busyStarts, query.busyEnds, compiled.bufferBefore, compiled.bufferAfter);
  const taken: Slot[] = [];
  fillSlots(createSlotCursor(compiled, start, start, busy, undefined), taken, true);
  if (taken.length === 0) return { ok: false, code: 'SLOT_TAKEN' };
  return { ok: true, slot };
}
