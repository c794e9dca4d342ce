import { z } from 'zod';
import { SchedulingError } from '../domain/errors.js';
import { parseInput } from '../schemas/parse.js';
import { IdSchema } from '../schemas/primitives.js';
import { MS_PER_DAY } from '../time/epoch-days.js';
import { MAX_INSTANT_MS } from '../time/instant.js';
import type { Doctor } from '../schemas/doctor.js';
import type { CompiledDoctor } from './compiled-schedule.js';

/**
 * The earliest instant the slot functions accept: 1970-01-01T00:00:00Z.
 *
 * @internal
 */
export const MIN_SLOT_INSTANT = 0;

/**
 * The latest instant the slot functions accept: 9999-12-31T23:59:59.999Z.
 *
 * @internal
 */
export const MAX_SLOT_INSTANT = MAX_INSTANT_MS;

/**
 * The longest range `[from, to)` that {@link generateSlots} accepts, in days (of 24 hours):
 * 400, a year with room to spare. Longer ranges fail with `VALIDATION_FAILED`; use
 * {@link iterateSlots}, which has no limit.
 *
 * @example
 * ```ts
 * import { MAX_SLOT_RANGE_DAYS } from 'clinic-slots';
 * console.log(MAX_SLOT_RANGE_DAYS); // 400
 * ```
 */
export const MAX_SLOT_RANGE_DAYS = 400;

const InstantMs = z.number().int().min(MIN_SLOT_INSTANT).max(MAX_SLOT_INSTANT);
const DoctorRef = z.custom<object>((v) => typeof v === 'object' && v !== null, 'expected a doctor');
const BusySchema = z
  .looseObject({ start: InstantMs, end: InstantMs })
  .refine((b) => b.end > b.start, { message: 'a busy interval must end after it starts', path: ['end'] });

/**
 * The shape of {@link SlotGenerationInput} (the doctor itself is validated by `DoctorSchema`
 * when it is compiled): instants are integer epoch milliseconds from 1970 to 9999, `from` not
 * after `to`, busy intervals end after they start.
 *
 * @internal
 */
export const SlotGenerationInputSchema = z
  .looseObject({
    doctor: DoctorRef,
    from: InstantMs,
    to: InstantMs,
    now: InstantMs,
    busy: z.array(BusySchema).optional(),
    locationId: IdSchema.optional(),
  })
  .refine((i) => i.from <= i.to, { message: '`from` must not be after `to`', path: ['to'] });

/**
 * {@link SlotGenerationInputSchema} with `to - from` at most {@link MAX_SLOT_RANGE_DAYS} days.
 *
 * @internal
 */
export const BoundedSlotGenerationInputSchema = SlotGenerationInputSchema.refine(
  (i) => i.to - i.from <= MAX_SLOT_RANGE_DAYS * MS_PER_DAY,
  { message: `the range must not be longer than ${MAX_SLOT_RANGE_DAYS} days; use iterateSlots`, path: ['to'] },
);

/**
 * The shape of {@link SlotCheckInput}.
 *
 * @internal
 */
export const SlotCheckInputSchema = z.looseObject({
  doctor: DoctorRef,
  start: InstantMs,
  locationId: IdSchema,
  now: InstantMs,
  busy: z.array(BusySchema).optional(),
});

const ID = /^[A-Za-z0-9._:-]{1,128}$/;

function isInstant(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= MIN_SLOT_INSTANT && value <= MAX_SLOT_INSTANT;
}

/** Copies a valid busy list into `starts`/`ends`; `false` at the first invalid entry. */
function readBusy(value: unknown, starts: number[], ends: number[]): boolean {
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) {
    const b: unknown = value[i];
    if (typeof b !== 'object' || b === null) return false;
    const start: unknown = (b as { start: unknown }).start;
    const end: unknown = (b as { end: unknown }).end;
    if (!isInstant(start) || !isInstant(end) || end <= start) return false;
    starts.push(start);
    ends.push(end);
  }
  return true;
}

/**
 * Fails with the schema's own issues. Called only when the fast check refused the input, so the
 * schema refuses it too; should it not, the input is refused all the same.
 */
function refuse(schema: z.ZodType, input: unknown, what: string): never {
  parseInput(schema, input, what);
  throw new SchedulingError('VALIDATION_FAILED', `invalid ${what}`);
}

/**
 * A slot query read once from the caller's object (a getter is called once) and checked.
 *
 * @internal
 */
export interface GenerationQuery {
  readonly doctor: Doctor | CompiledDoctor;
  readonly from: number;
  readonly to: number;
  readonly now: number;
  /** Busy starts and ends, as given (not widened, not sorted). */
  readonly busyStarts: number[];
  readonly busyEnds: number[];
  readonly locationId: string | undefined;
}

/**
 * Reads and checks a {@link SlotGenerationInput} without zod (the hot path of the benchmark),
 * and throws `VALIDATION_FAILED` with zod's issues when it is wrong. A getter that throws while
 * the input is read also gives `VALIDATION_FAILED`.
 *
 * @param input - the caller's input
 * @param bounded - whether the range is limited to {@link MAX_SLOT_RANGE_DAYS}
 * @returns the fields, read once
 * @internal
 */
export function readGenerationInput(input: unknown, bounded: boolean): GenerationQuery {
  const schema = bounded ? BoundedSlotGenerationInputSchema : SlotGenerationInputSchema;
  const busyStarts: number[] = [];
  const busyEnds: number[] = [];
  let query: GenerationQuery | undefined;
  try {
    if (typeof input === 'object' && input !== null) {
      const i = input as Record<string, unknown>;
      const { doctor, from, to, now, busy, locationId } = i;
      if (
        typeof doctor === 'object' &&
        doctor !== null &&
        isInstant(from) &&
        isInstant(to) &&
        isInstant(now) &&
        from <= to &&
        (!bounded || to - from <= MAX_SLOT_RANGE_DAYS * MS_PER_DAY) &&
        (busy === undefined || readBusy(busy, busyStarts, busyEnds)) &&
        (locationId === undefined || (typeof locationId === 'string' && ID.test(locationId)))
      ) {
        query = { doctor: doctor as Doctor | CompiledDoctor, from, to, now, busyStarts, busyEnds, locationId };
      }
    }
  } catch (cause) {
    throw new SchedulingError('VALIDATION_FAILED', 'invalid slot query: it could not be read', { cause });
  }
  return query ?? refuse(schema, input, 'slot query');
}

/**
 * A slot check read once and checked.
 *
 * @internal
 */
export interface SlotCheckQuery {
  readonly doctor: Doctor | CompiledDoctor;
  readonly start: number;
  readonly now: number;
  readonly busyStarts: number[];
  readonly busyEnds: number[];
  readonly locationId: string;
}

/**
 * Reads and checks a {@link SlotCheckInput}; see {@link readGenerationInput}.
 *
 * @param input - the caller's input
 * @returns the fields, read once
 * @internal
 */
export function readCheckInput(input: unknown): SlotCheckQuery {
  const busyStarts: number[] = [];
  const busyEnds: number[] = [];
  let query: SlotCheckQuery | undefined;
  try {
    if (typeof input === 'object' && input !== null) {
      const { doctor, start, now, busy, locationId } = input as Record<string, unknown>;
      if (
        typeof doctor === 'object' &&
        doctor !== null &&
        isInstant(start) &&
        isInstant(now) &&
        typeof locationId === 'string' &&
        ID.test(locationId) &&
        (busy === undefined || readBusy(busy, busyStarts, busyEnds))
      ) {
        query = { doctor: doctor as Doctor | CompiledDoctor, start, now, busyStarts, busyEnds, locationId };
      }
    }
  } catch (cause) {
    throw new SchedulingError('VALIDATION_FAILED', 'invalid slot check: it could not be read', { cause });
  }
  return query ?? refuse(SlotCheckInputSchema, input, 'slot check');
}
