import { z } from '@hono/zod-openapi';
import {
  APPOINTMENT_STATUSES,
  AppointmentSchema,
  BookingRequestSchema,
  BookingRulesSchema,
  CancelOptionsSchema,
  DateOverridesSchema,
  DoctorSchema,
  DoctorUpdateSchema,
  HoldConfirmRequestSchema,
  HoldRenewalSchema,
  HoldRequestSchema,
  HoldSchema,
  IdSchema,
  InstantSchema,
  LocationSchema,
  MAX_PAGE_LIMIT,
  MAX_SLOT_QUERY_DAYS,
  NewDoctorSchema,
  NewLocationSchema,
  RescheduleRequestSchema,
  SCHEDULING_ERROR_CODES,
  TextSchema,
  WeeklyScheduleSchema,
} from 'clinic-slots';
import { HTTP_PROBLEMS } from './problem.js';

/**
 * A copy of a library schema that has the `.openapi()` method. `@hono/zod-openapi` adds it to
 * zod's prototype, but zod 4 copies methods onto each schema when it is made, so schemas the
 * library made before that (it depends on import order) lack it. The copy validates exactly as
 * the original.
 */
function lib<S extends z.ZodType>(schema: S): S {
  return schema.clone() as S;
}

// The library's own zod schemas, named as OpenAPI components: rendered once under
// `#/components/schemas/<name>` and referenced from the routes.

export const Doctor = lib(DoctorSchema).openapi('Doctor', {
  description: 'A doctor, with a `version` that grows by one on every change (send it back to change the doctor).',
});
export const NewDoctor = lib(NewDoctorSchema).openapi('NewDoctor', {
  description: 'A doctor to create. `id` and location ids are made up when left out.',
  example: {
    name: 'Jane Wright',
    timeZone: 'Europe/London',
    locations: [{ id: 'park-st', address: '1 Park St' }],
    schedule: { monday: [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '17:00' }] },
  },
});
export const DoctorUpdate = lib(DoctorUpdateSchema).openapi('DoctorUpdate', {
  description: 'The `version` you read, and at least one fact to change. A stale version fails with 409 `CONFLICT`.',
  example: { version: 1, name: 'Dr Jane Wright' },
});
export const Location = lib(LocationSchema).openapi('Location');
export const NewLocation = lib(NewLocationSchema).openapi('NewLocation', { example: { id: 'uni', address: '2 University Ave' } });
export const WeeklySchedule = lib(WeeklyScheduleSchema).openapi('WeeklySchedule', {
  description: 'For each weekday, the open intervals of local wall-clock time (`HH:MM`); days left out are closed.',
  example: { monday: [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '17:00' }] },
});
export const DateOverrides = lib(DateOverridesSchema).openapi('DateOverrides', {
  description: 'Closed days or hours, or other hours, for a local date or range of dates.',
  example: [{ kind: 'closed', from: '2027-12-25', to: '2027-12-26' }],
});
export const BookingRules = lib(BookingRulesSchema).openapi('BookingRules', {
  description: 'Slot length and step, buffers, minimum notice and horizon, as ISO 8601 durations.',
  example: { slotLength: 'PT30M', minimumNotice: 'PT2H', horizon: 'P90D' },
});
export const Appointment = lib(AppointmentSchema).openapi('Appointment');
export const BookingRequest = lib(BookingRequestSchema.omit({ idempotencyKey: true })).openapi('BookingRequest', {
  description: 'A published start of a doctor, at one of the locations the slot lists. Send the idempotency key in the `Idempotency-Key` header.',
  example: { doctorId: 'dr-wright', locationId: 'park-st', start: '2027-01-04T09:00:00Z', patientRef: 'patient/42' },
});
export const RescheduleRequest = lib(RescheduleRequestSchema).openapi('RescheduleRequest', {
  example: { start: '2027-01-04T10:00:00Z' },
});
export const CancelRequest = lib(CancelOptionsSchema).openapi('CancelRequest', { example: { reason: 'patient called' } });

export const Hold = lib(HoldSchema).openapi('Hold', {
  description:
    'A start of a doctor taken until `expiresAt` (a patient filling in a form): while `held`, its time is hidden ' +
    'from listings and refused to others. At `expiresAt` it reads `expired` and its time is free again; ' +
    '`released` and `confirmed` (naming its `appointmentId`) are final too.',
});
export const HoldRequest = lib(HoldRequestSchema.omit({ idempotencyKey: true })).openapi('HoldRequest', {
  description:
    "A published start of a doctor, judged like a booking, and for how long to hold it (`ttl`, an ISO 8601 duration; " +
    "default the doctor's `holdTtl`, at most its `maxHoldTtl`). `patientRef` is optional. Send the idempotency key in " +
    'the `Idempotency-Key` header.',
  example: { doctorId: 'dr-wright', locationId: 'park-st', start: '2027-01-04T09:00:00Z', ttl: 'PT5M' },
});
export const HoldRenewal = lib(HoldRenewalSchema).openapi('HoldRenewal', {
  description: "The hold lasts `ttl` from now (at most the doctor's `maxHoldTtl`).",
  example: { ttl: 'PT10M' },
});
export const HoldConfirmation = lib(HoldConfirmRequestSchema.omit({ idempotencyKey: true })).openapi('HoldConfirmation', {
  description: 'The patient the appointment is for. Send the idempotency key in the `Idempotency-Key` header.',
  example: { patientRef: 'patient/42' },
});

/** The library has no schema for a slot (it only returns them), so the example states its shape. */
export const AvailableSlot = z
  .object({
    start: lib(InstantSchema).openapi({ description: 'A UTC instant: book exactly this.' }),
    end: InstantSchema,
    locationIds: z.array(IdSchema).openapi({ description: 'Where the doctor can be seen then.' }),
  })
  .openapi('AvailableSlot');

export const DoctorPage = z
  .object({ items: z.array(Doctor), nextCursor: z.string().optional() })
  .openapi('DoctorPage', { description: 'A page of doctors; pass `nextCursor` as `cursor` for the next one.' });

export const AppointmentPage = z
  .object({ items: z.array(Appointment), nextCursor: z.string().optional() })
  .openapi('AppointmentPage', { description: 'A page of appointments in start order; pass `nextCursor` as `cursor` for the next one.' });

export const Rescheduled = z
  .object({ cancelled: Appointment, booked: Appointment })
  .openapi('Rescheduled', { description: 'The old appointment, now cancelled, and the new one; each names the other.' });

export const Problem = z
  .object({
    type: z.string().openapi({ description: 'A URI reference naming the kind of problem, such as `/problems/slot-taken`; the app serves a description there.' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.enum([...SCHEDULING_ERROR_CODES, ...(Object.keys(HTTP_PROBLEMS) as (keyof typeof HTTP_PROBLEMS)[])]).openapi({
      description: 'The stable code to branch on.',
    }),
    issues: z
      .array(z.object({ code: z.string(), path: z.array(z.union([z.string(), z.number()])), message: z.string() }).passthrough())
      .optional()
      .openapi({ description: 'For `VALIDATION_FAILED`: what was wrong, and where (zod issues).' }),
  })
  .openapi('Problem', { description: 'RFC 9457 problem details, served as `application/problem+json`.' });

// Path, query and header parameters.

export const DoctorIdParam = z.object({
  doctorId: lib(IdSchema).openapi({ param: { name: 'doctorId', in: 'path' }, example: 'dr-wright' }),
});
export const LocationParams = DoctorIdParam.extend({
  locationId: lib(IdSchema).openapi({ param: { name: 'locationId', in: 'path' }, example: 'park-st' }),
});
export const AppointmentIdParam = z.object({
  appointmentId: lib(IdSchema).openapi({ param: { name: 'appointmentId', in: 'path' } }),
});
export const HoldIdParam = z.object({
  holdId: lib(IdSchema).openapi({ param: { name: 'holdId', in: 'path' } }),
});

const Version = z.coerce
  .number()
  .int()
  .min(1)
  .optional()
  .openapi({
    param: { name: 'version', in: 'query' },
    description: 'The doctor `version` you read. When given and stale, nothing changes and the answer is 409 `CONFLICT`.',
  });
export const VersionQuery = z.object({ version: Version });

const Limit = z.coerce
  .number()
  .int()
  .min(1)
  .max(MAX_PAGE_LIMIT)
  .optional()
  .openapi({ param: { name: 'limit', in: 'query' }, description: `Page size, 1 to ${MAX_PAGE_LIMIT} (default 100).` });
const Cursor = z
  .string()
  .min(1)
  .optional()
  .openapi({ param: { name: 'cursor', in: 'query' }, description: 'The previous page\'s `nextCursor`.' });

export const PageQuery = z.object({ limit: Limit, cursor: Cursor });

export const SlotsQuery = z.object({
  from: lib(InstantSchema).openapi({ param: { name: 'from', in: 'query' }, description: 'Start of the range (inclusive).', example: '2027-01-04T00:00:00Z' }),
  to: lib(InstantSchema).openapi({
    param: { name: 'to', in: 'query' },
    description: `End of the range (exclusive); at most ${MAX_SLOT_QUERY_DAYS} days after \`from\`.`,
    example: '2027-01-11T00:00:00Z',
  }),
  locationId: lib(IdSchema).optional().openapi({ param: { name: 'locationId', in: 'query' }, description: 'Only slots offered at this location.' }),
  ignoreAppointmentId: lib(IdSchema)
    .optional()
    .openapi({
      param: { name: 'ignoreAppointmentId', in: 'query' },
      description:
        'List as if this appointment of the doctor were not there: the starts it can be moved to with ' +
        '`POST /appointments/{appointmentId}/reschedule`, which accepts exactly these. An id that names no ' +
        'appointment of the doctor changes nothing.',
    }),
});

export const AppointmentsQuery = z.object({
  from: lib(InstantSchema).optional().openapi({ param: { name: 'from', in: 'query' }, description: 'Only appointments ending after this instant.' }),
  to: lib(InstantSchema).optional().openapi({ param: { name: 'to', in: 'query' }, description: 'Only appointments starting before this instant.' }),
  status: z
    .preprocess((v) => (typeof v === 'string' ? v.split(',') : v), z.array(z.enum(APPOINTMENT_STATUSES)))
    .optional()
    .openapi({
      param: { name: 'status', in: 'query', style: 'form', explode: true },
      description: 'Only these statuses: repeat the parameter, or separate them with commas.',
    }),
  limit: Limit,
  cursor: Cursor,
});

/** An optional `Idempotency-Key` header, saying what a retry with it answers. */
function idempotencyHeader(description: string) {
  return z.object({
    'Idempotency-Key': lib(TextSchema)
      .optional()
      .openapi({
        description: `Makes retries safe: ${description} A structured-field string (\`"abc"\`) or a bare token.`,
        example: '8e03978e-40d5-43e8-bc93-6894a57f9324',
      }),
  });
}

export const IdempotencyHeader = idempotencyHeader(
  'the same key with the same body answers 201 with the appointment booked the first time; with another body, 422 `IDEMPOTENCY_MISMATCH`.',
);
export const HoldIdempotencyHeader = idempotencyHeader(
  'the same key with the same body answers 201 with the hold taken the first time (as it is now); with another body, ' +
    '422 `IDEMPOTENCY_MISMATCH`. Holds have keys of their own: a hold and an appointment may share one.',
);
export const ConfirmationIdempotencyHeader = idempotencyHeader(
  'a retry of a confirmation with the same key and patient answers 201 with the appointment it made, even though ' +
    'the hold is confirmed already; a key that another appointment has is 422 `IDEMPOTENCY_MISMATCH`. The key becomes ' +
    "the appointment's `idempotencyKey`.",
);
