// The race between booking and editing a doctor, shared by the test that runs it and the worker
// processes that take part: the doctor, the two shapes of their week, the slots the bookers walk,
// and the messages the processes send.
import type { NewDoctor, WeeklySchedule } from 'clinic-slots';

/** What every process's clock says: a day before the first slot, so no booking is too late. */
export const NOW = '2029-12-31T00:00:00.000Z';

/** The one doctor everybody works on. */
export const DOCTOR_ID = 'dr-edited';
export const LOCATION_ID = 'main';

const OPEN = [{ start: '06:00', end: '22:00' }];
const week = (intervals: WeeklySchedule['monday']): WeeklySchedule => ({
  monday: intervals, tuesday: intervals, wednesday: intervals, thursday: intervals, friday: intervals, saturday: intervals, sunday: intervals,
});

/**
 * The two weeks the editor switches between. They differ only by a late evening clinic that no
 * booker asks for, so every slot a booker wants stays published whatever the editor does.
 */
export const WEEKS: readonly [WeeklySchedule, WeeklySchedule] = [
  week(OPEN),
  week([...OPEN, { start: '22:30', end: '23:30' }]),
];

/** The two minimum notices the editor switches between; both are far shorter than a day. */
export const NOTICES = ['PT1H', 'PT2H'] as const;

/** The doctor as created: UTC, so the slots below need no zone arithmetic; 10-minute slots. */
export const DOCTOR: NewDoctor = {
  id: DOCTOR_ID,
  name: 'Dr Edited Often',
  timeZone: 'UTC',
  locations: [{ id: LOCATION_ID, address: '1 Main St' }],
  schedule: WEEKS[0],
  rules: { slotLength: 'PT10M', minimumNotice: NOTICES[0] },
};

const DAY0 = Date.parse('2030-01-01T06:00:00.000Z');
const SLOTS_PER_DAY = 16 * 6;
/** How many distinct slots there are to book: a year of them. */
export const SLOT_COUNT = 365 * SLOTS_PER_DAY;

/** The start of the `k`-th slot the bookers share out (published by both weeks): ISO 8601, UTC. */
export function slotStart(k: number): string {
  const day = Math.floor(k / SLOTS_PER_DAY);
  const minutes = (k % SLOTS_PER_DAY) * 10;
  return new Date(DAY0 + day * 86_400_000 + minutes * 60_000).toISOString();
}

/** The refusals `book` documents for a placement; anything else is a broken contract. */
export const BOOKING_CODES = ['SLOT_TAKEN', 'SLOT_NOT_OFFERED', 'LOCATION_NOT_SERVED', 'TOO_LATE', 'BEYOND_HORIZON'] as const;

/** Where the processes meet. */
export type Storage =
  | { readonly kind: 'sqlite'; readonly file: string }
  | { readonly kind: 'postgres'; readonly url: string; readonly schema: string };

/** What one worker process does, passed to it as JSON on its command line. */
export type Role =
  | { readonly role: 'editor'; readonly storage: Storage; readonly rounds: number; readonly seed: number }
  | { readonly role: 'booker'; readonly storage: Storage; readonly index: number; readonly of: number; readonly lanes: number; readonly pauseMs: number };

/** A time on the machine's clock, in fractional milliseconds, comparable between processes. */
export const clockMs = (): number => performance.timeOrigin + performance.now();

/** One `book` call: which slot, when it started and settled, and how (`booked` or the code). */
export interface BookingOutcome {
  readonly slot: number;
  readonly startedMs: number;
  readonly settledMs: number;
  readonly outcome: string;
  /** The appointment's id when booked; the error's message otherwise. */
  readonly detail: string;
}

/** One edit of the doctor: when it was called and when it resolved, and the version it made. */
export interface Edit {
  readonly startedMs: number;
  readonly settledMs: number;
  readonly version: number;
}

/** The messages of the workers: `ready` (warm, connected), then `done` with what they did. */
export type RaceMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'done'; readonly role: 'editor'; readonly edits: readonly Edit[]; readonly failure?: string }
  | { readonly type: 'done'; readonly role: 'booker'; readonly outcomes: readonly BookingOutcome[]; readonly exhausted: boolean };
