import { z } from 'zod';
import { APPOINTMENT_STATUSES } from '../domain/appointment.js';
import { BookingRulesSchema, DateOverridesSchema, WeeklyScheduleSchema } from './doctor.js';
import { DurationSchema, IdSchema, InstantSchema, TextSchema, TimeZoneSchema } from './primitives.js';
import { durationToMinutes } from '../domain/durations.js';

/** A duration of at least one minute. */
const PositiveDurationSchema = DurationSchema.refine((d) => durationToMinutes(d)! > 0, 'a time to live is at least one minute');

/**
 * The longest range {@link SlotQuerySchema} accepts, in days: 92 (a quarter). Longer searches
 * page through several queries, or use `iterateSlots` on the doctor directly.
 *
 * @example
 * ```ts
 * import { MAX_SLOT_QUERY_DAYS } from 'clinic-slots';
 * MAX_SLOT_QUERY_DAYS; // 92
 * ```
 */
export const MAX_SLOT_QUERY_DAYS = 92;

/**
 * How many items a listing returns when no `limit` is given: 100.
 *
 * @example
 * ```ts
 * import { DEFAULT_PAGE_LIMIT } from 'clinic-slots';
 * DEFAULT_PAGE_LIMIT; // 100
 * ```
 */
export const DEFAULT_PAGE_LIMIT = 100;

/**
 * The largest `limit` a listing accepts: 1,000.
 *
 * @example
 * ```ts
 * import { MAX_PAGE_LIMIT } from 'clinic-slots';
 * MAX_PAGE_LIMIT; // 1000
 * ```
 */
export const MAX_PAGE_LIMIT = 1000;

const DAY_MS = 24 * 60 * 60 * 1000;

/** A doctor's `version`: a positive safe integer. */
const VersionSchema = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/** A page size. */
const LimitSchema = z.number().int().min(1).max(MAX_PAGE_LIMIT);

/** An opaque cursor from a previous page. */
const CursorSchema = z.string().min(1).max(4096);

/**
 * The paging options of `listDoctors`: `limit` (1 to 1,000, default 100) and the previous page's
 * `cursor`. The whole argument may be left out.
 *
 * @example
 * ```ts
 * import { DoctorListRequestSchema } from 'clinic-slots';
 * DoctorListRequestSchema.parse(undefined); // { limit: 100 }
 * DoctorListRequestSchema.parse({ limit: 20 }); // { limit: 20 }
 * ```
 */
export const DoctorListRequestSchema = z
  .strictObject({
    limit: LimitSchema.optional(),
    cursor: CursorSchema.optional(),
  })
  .optional()
  .transform((q): { limit: number; cursor?: string } => ({
    limit: q?.limit ?? DEFAULT_PAGE_LIMIT,
    ...(q?.cursor === undefined ? {} : { cursor: q.cursor }),
  }));

/**
 * Which slots to find (see `SlotQuery`): a doctor, a range `[from, to)` of instants that is not
 * empty and at most {@link MAX_SLOT_QUERY_DAYS} days long, and optionally one location. The
 * instants come out normalised to UTC.
 *
 * @example
 * ```ts
 * import { SlotQuerySchema } from 'clinic-slots';
 * SlotQuerySchema.parse({ doctorId: 'dr-wright', from: '2027-01-04T00:00:00+01:00', to: '2027-01-11T00:00:00Z' });
 * // { doctorId: 'dr-wright', from: '2027-01-03T23:00:00.000Z', to: '2027-01-11T00:00:00.000Z' }
 * ```
 */
export const SlotQuerySchema = z
  .strictObject({
    doctorId: IdSchema,
    from: InstantSchema,
    to: InstantSchema,
    locationId: IdSchema.optional(),
    ignoreAppointmentId: IdSchema.optional(),
  })
  .refine((q) => q.to > q.from, { message: '`to` must be after `from`', path: ['to'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= MAX_SLOT_QUERY_DAYS * DAY_MS, {
    message: `a slot query spans at most ${MAX_SLOT_QUERY_DAYS} days`,
    path: ['to'],
  });

/**
 * A booking request (see `BookingRequest`): doctor, location, start (normalised to UTC), the
 * patient's opaque reference, and optionally an idempotency key.
 *
 * @example
 * ```ts
 * import { BookingRequestSchema } from 'clinic-slots';
 * BookingRequestSchema.parse({
 *   doctorId: 'dr-wright', locationId: 'park-st', start: '2027-01-04T09:00:00Z', patientRef: 'patient/42',
 * }).start; // '2027-01-04T09:00:00.000Z'
 * ```
 */
export const BookingRequestSchema = z.strictObject({
  doctorId: IdSchema,
  locationId: IdSchema,
  start: InstantSchema,
  patientRef: TextSchema,
  idempotencyKey: TextSchema.optional(),
});

/**
 * Which appointments of a doctor to list (see `AppointmentQuery`): an optional range (`from`
 * before `to` when both are given), the statuses (not empty; duplicates are dropped), `limit`
 * (1 to 1,000, default 100) and the previous page's `cursor`.
 *
 * @example
 * ```ts
 * import { AppointmentQuerySchema } from 'clinic-slots';
 * AppointmentQuerySchema.parse({ doctorId: 'dr-wright', statuses: ['booked'] });
 * // { doctorId: 'dr-wright', statuses: ['booked'], limit: 100 }
 * ```
 */
export const AppointmentQuerySchema = z
  .strictObject({
    doctorId: IdSchema,
    from: InstantSchema.optional(),
    to: InstantSchema.optional(),
    statuses: z.array(z.enum(APPOINTMENT_STATUSES)).min(1).max(20).readonly().optional(),
    limit: LimitSchema.optional(),
    cursor: CursorSchema.optional(),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.to > q.from, {
    message: '`to` must be after `from`',
    path: ['to'],
  })
  .transform((q) => ({
    ...q,
    ...(q.statuses === undefined ? {} : { statuses: [...new Set(q.statuses)] }),
    limit: q.limit ?? DEFAULT_PAGE_LIMIT,
  }));

/**
 * Where to move an appointment (see `RescheduleRequest`): a new `start`, a new `locationId`, or
 * both. At least one must be given.
 *
 * @example
 * ```ts
 * import { RescheduleRequestSchema } from 'clinic-slots';
 * RescheduleRequestSchema.parse({ start: '2027-01-04T10:00:00Z' }); // { start: '2027-01-04T10:00:00.000Z' }
 * RescheduleRequestSchema.safeParse({}).success; // false
 * ```
 */
export const RescheduleRequestSchema = z
  .strictObject({
    start: InstantSchema.optional(),
    locationId: IdSchema.optional(),
  })
  .refine((r) => r.start !== undefined || r.locationId !== undefined, {
    message: 'give a new `start`, a new `locationId`, or both',
  });

/**
 * A change of a doctor's facts (see `DoctorUpdate`): the `version` read, and at least one of
 * `name`, `timeZone`, `schedule`, `overrides`, `rules`. Locations change through `addLocation`
 * and `removeLocation`.
 *
 * @example
 * ```ts
 * import { DoctorUpdateSchema } from 'clinic-slots';
 * DoctorUpdateSchema.parse({ version: 3, name: 'Dr Jane Wright' });
 * DoctorUpdateSchema.safeParse({ version: 3 }).success; // false: nothing to change
 * ```
 */
export const DoctorUpdateSchema = z
  .strictObject({
    version: VersionSchema,
    name: TextSchema.optional(),
    timeZone: TimeZoneSchema.optional(),
    schedule: WeeklyScheduleSchema.optional(),
    overrides: DateOverridesSchema.readonly().optional(),
    rules: BookingRulesSchema.optional(),
  })
  .refine(
    (u) => u.name !== undefined || u.timeZone !== undefined || u.schedule !== undefined || u.overrides !== undefined || u.rules !== undefined,
    { message: 'nothing to change' },
  );

/**
 * An optional optimistic-concurrency guard (see `VersionGuard`): `{ version }` or nothing.
 *
 * @example
 * ```ts
 * import { VersionGuardSchema } from 'clinic-slots';
 * VersionGuardSchema.parse({ version: 2 }); // { version: 2 }
 * VersionGuardSchema.parse(undefined); // {}
 * ```
 */
export const VersionGuardSchema = z
  .strictObject({ version: VersionSchema.optional() })
  .optional()
  .transform((g): { version?: number } => (g?.version === undefined ? {} : { version: g.version }));

/**
 * A new location of a doctor: an `address`, and an `id` (made up when absent).
 *
 * @example
 * ```ts
 * import { NewLocationSchema } from 'clinic-slots';
 * NewLocationSchema.parse({ address: '2 University Ave' });
 * ```
 */
export const NewLocationSchema = z.strictObject({
  id: IdSchema.optional(),
  address: TextSchema,
});

/**
 * The options of `cancel`: an optional `reason`, stored as the appointment's
 * `cancellationReason`. The whole argument may be left out.
 *
 * @example
 * ```ts
 * import { CancelOptionsSchema } from 'clinic-slots';
 * CancelOptionsSchema.parse({ reason: 'patient called' }); // { reason: 'patient called' }
 * CancelOptionsSchema.parse(undefined); // {}
 * ```
 */
export const CancelOptionsSchema = z
  .strictObject({ reason: TextSchema.optional() })
  .optional()
  .transform((o): { reason?: string } => (o?.reason === undefined ? {} : { reason: o.reason }));

/**
 * A hold request (see `HoldRequest`): doctor, location, start (normalised to UTC), optionally a
 * `ttl` (an ISO 8601 duration: how long the hold lasts, default the doctor's `holdTtl`), the
 * patient's reference and an idempotency key.
 *
 * @example
 * ```ts
 * import { HoldRequestSchema } from 'clinic-slots';
 * HoldRequestSchema.parse({ doctorId: 'dr-wright', locationId: 'park-st', start: '2027-01-04T09:00:00Z', ttl: 'PT5M' }).ttl; // 'PT5M'
 * ```
 */
export const HoldRequestSchema = z.strictObject({
  doctorId: IdSchema,
  locationId: IdSchema,
  start: InstantSchema,
  ttl: PositiveDurationSchema.optional(),
  patientRef: TextSchema.optional(),
  idempotencyKey: TextSchema.optional(),
});

/**
 * A hold's renewal (see `HoldRenewal`): the new time to live, from now.
 *
 * @example
 * ```ts
 * import { HoldRenewalSchema } from 'clinic-slots';
 * HoldRenewalSchema.parse({ ttl: 'PT10M' });
 * ```
 */
export const HoldRenewalSchema = z.strictObject({ ttl: PositiveDurationSchema });

/**
 * A hold's confirmation (see `HoldConfirmRequest`): the patient, and optionally an idempotency
 * key for the appointment it makes.
 *
 * @example
 * ```ts
 * import { HoldConfirmRequestSchema } from 'clinic-slots';
 * HoldConfirmRequestSchema.parse({ patientRef: 'patient/42', idempotencyKey: 'confirm-1' });
 * ```
 */
export const HoldConfirmRequestSchema = z.strictObject({
  patientRef: TextSchema,
  idempotencyKey: TextSchema.optional(),
});
