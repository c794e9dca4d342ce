// The slots the booking workers contend for, shared by the workers and the test that checks them.

/** One slot to try: a doctor and `[startMs, endMs)`; `churn` slots may be cancelled after booking. */
export interface PlannedSlot {
  readonly doctorId: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly churn: boolean;
}

const DAY0 = Date.parse('2030-01-07T09:00:00.000Z');
const MINUTE = 60_000;

const slots = (doctorId: string, count: number, stepMinutes: number, lengthMinutes: number, churn = false): PlannedSlot[] =>
  Array.from({ length: count }, (_, i) => ({
    doctorId,
    startMs: DAY0 + i * stepMinutes * MINUTE,
    endMs: DAY0 + (i * stepMinutes + lengthMinutes) * MINUTE,
    churn,
  }));

/** Doctors whose slots are contested by every worker, never cancelled. */
export const CONTESTED_DOCTORS = ['dr-0', 'dr-1', 'dr-2'] as const;
/** The doctor whose bookings are cancelled and taken again. */
export const CHURN_DOCTOR = 'dr-churn';

/**
 * The plan of a contest: `dr-0` and `dr-1` have 24 half-hour slots back to back; `dr-2` has
 * half-hour appointments starting every 15 minutes, so neighbours overlap; the churn doctor has
 * 12 half-hour slots, each in the plan twice.
 */
export const CONTEST_PLAN: readonly PlannedSlot[] = [
  ...slots('dr-0', 24, 30, 30),
  ...slots('dr-1', 24, 30, 30),
  ...slots('dr-2', 47, 15, 30),
  ...slots(CHURN_DOCTOR, 12, 30, 30, true),
  ...slots(CHURN_DOCTOR, 12, 30, 30, true),
];

/** The doctors of the endless plan. */
export const ENDLESS_DOCTORS = ['dr-0', 'dr-1', 'dr-2', 'dr-3'] as const;

/** The `k`-th slot of the endless plan: the four doctors in turn, 20-minute slots every 15 minutes. */
export function endlessSlot(k: number): PlannedSlot {
  const doctorId = ENDLESS_DOCTORS[k % ENDLESS_DOCTORS.length]!;
  const i = Math.floor(k / ENDLESS_DOCTORS.length);
  return { doctorId, startMs: DAY0 + i * 15 * MINUTE, endMs: DAY0 + (i * 15 + 20) * MINUTE, churn: true };
}

/** A seeded pseudo-random generator (mulberry32) of numbers in [0, 1). */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A copy of `items` in an order drawn from `next`. */
export function shuffled<T>(items: readonly T[], next: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** The doctor whose one start every worker tries to hold. */
export const HOLD_DOCTOR = 'dr-hold';
/** How many holds of one start are tried, over all workers together. */
export const HOLD_ATTEMPTS = 50;
/** The starts contested by holds, one after the other: each by {@link HOLD_ATTEMPTS} holds. */
export const HOLD_STARTS: readonly number[] = Array.from({ length: 6 }, (_, i) => DAY0 + i * 60 * MINUTE);

/** The doctors of the buffered contest: 30-minute appointments, 5 minutes of buffer before, 15 after. */
export const BUFFER_DOCTORS = ['dr-buf-1', 'dr-buf-2'] as const;
/** The buffers of {@link BUFFER_DOCTORS}, in milliseconds. */
export const BUFFER_BEFORE_MS = 5 * MINUTE;
export const BUFFER_AFTER_MS = 15 * MINUTE;
/** The patients of the buffered contest, shared by every worker and both doctors (their claims collide too). */
export const PATIENTS = ['patient/a', 'patient/b', 'patient/c'] as const;

/**
 * The plan of the buffered contest: for each doctor, starts every 15 minutes for 12 hours, 30
 * minutes long, so that the buffers of neighbours up to three starts apart overlap; the patients
 * are shared by both doctors.
 */
export const BUFFERED_PLAN: readonly PlannedSlot[] = BUFFER_DOCTORS.flatMap((id) => slots(id, 48, 15, 30));
