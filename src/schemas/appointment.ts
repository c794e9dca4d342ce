import { z } from 'zod';
import { SchedulingError } from '../domain/errors.js';
import { IdSchema, InstantSchema, TextSchema } from './primitives.js';

/**
 * The statuses of an appointment, named after FHIR R4 `Appointment.status` codes:
 * `booked` (holds its time), then `cancelled`, `fulfilled` or `noshow`; `entered-in-error` from
 * any status. Only `booked` holds time; see {@link APPOINTMENT_TRANSITIONS}.
 *
 * @example
 * ```ts
 * import { APPOINTMENT_STATUSES } from 'clinic-slots';
 * APPOINTMENT_STATUSES.includes('noshow'); // true
 * ```
 */
export const APPOINTMENT_STATUSES = ['booked', 'cancelled', 'fulfilled', 'noshow', 'entered-in-error'] as const;

/**
 * An appointment status; see {@link APPOINTMENT_STATUSES}.
 *
 * @example
 * ```ts
 * import type { AppointmentStatus } from 'clinic-slots';
 * const status: AppointmentStatus = 'booked';
 * ```
 */
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/**
 * The status lifecycle as data: for each status, the statuses it may move to. Anything else is
 * refused with `NOT_ACTIVE`.
 *
 * @example
 * ```ts
 * import { APPOINTMENT_TRANSITIONS } from 'clinic-slots';
 * APPOINTMENT_TRANSITIONS.booked; // ['cancelled', 'fulfilled', 'noshow', 'entered-in-error']
 * APPOINTMENT_TRANSITIONS.cancelled; // ['entered-in-error']
 * ```
 */
export const APPOINTMENT_TRANSITIONS: Readonly<Record<AppointmentStatus, readonly AppointmentStatus[]>> = Object.freeze({
  booked: Object.freeze(['cancelled', 'fulfilled', 'noshow', 'entered-in-error'] as const),
  cancelled: Object.freeze(['entered-in-error'] as const),
  fulfilled: Object.freeze(['entered-in-error'] as const),
  noshow: Object.freeze(['entered-in-error'] as const),
  'entered-in-error': Object.freeze([] as const),
});

const isStatus = (value: unknown): value is AppointmentStatus => (APPOINTMENT_STATUSES as readonly unknown[]).includes(value);

/**
 * Tells whether the lifecycle allows moving from one status to another.
 *
 * @param from - the current status
 * @param to - the wanted status
 * @returns true when {@link APPOINTMENT_TRANSITIONS} lists `to` under `from`
 * @throws SchedulingError `VALIDATION_FAILED` when `from` or `to` is not an appointment status
 *
 * @example
 * ```ts
 * import { canTransition } from 'clinic-slots';
 * canTransition('booked', 'fulfilled'); // true
 * canTransition('cancelled', 'booked'); // false
 * ```
 */
export function canTransition(from: AppointmentStatus, to: AppointmentStatus): boolean {
  if (!isStatus(from) || !isStatus(to)) {
    throw new SchedulingError('VALIDATION_FAILED', `canTransition: expected two of ${APPOINTMENT_STATUSES.join(', ')}`);
  }
  return APPOINTMENT_TRANSITIONS[from].includes(to);
}

/**
 * Whether an appointment in this status holds its time (only `booked` does).
 *
 * @param status - an appointment status
 * @returns true for `booked`
 * @throws SchedulingError `VALIDATION_FAILED` when `status` is not an appointment status
 *
 * @example
 * ```ts
 * import { isActiveStatus } from 'clinic-slots';
 * isActiveStatus('booked'); // true
 * isActiveStatus('cancelled'); // false
 * ```
 */
export function isActiveStatus(status: AppointmentStatus): boolean {
  if (!isStatus(status)) throw new SchedulingError('VALIDATION_FAILED', `isActiveStatus: expected one of ${APPOINTMENT_STATUSES.join(', ')}`);
  return status === 'booked';
}

/**
 * An appointment as stored. `start` and `end` are UTC instants (`2027-01-04T14:00:00.000Z`),
 * `patientRef` an opaque reference the host understands. A rescheduled appointment is
 * `cancelled` and names its successor in `rescheduledTo`; the successor names it in
 * `rescheduledFrom`. Appointments are never deleted.
 *
 * @example
 * ```ts
 * import { AppointmentSchema } from 'clinic-slots';
 * AppointmentSchema.parse({
 *   id: 'a1', doctorId: 'dr-wright', locationId: 'park-st',
 *   start: '2027-01-04T09:00:00.000Z', end: '2027-01-04T09:30:00.000Z',
 *   patientRef: 'patient/42', status: 'booked',
 *   createdAt: '2027-01-01T00:00:00.000Z', updatedAt: '2027-01-01T00:00:00.000Z',
 * });
 * ```
 */
export const AppointmentSchema = z
  .strictObject({
    id: IdSchema,
    doctorId: IdSchema,
    locationId: IdSchema,
    start: InstantSchema,
    end: InstantSchema,
    patientRef: TextSchema,
    status: z.enum(APPOINTMENT_STATUSES),
    createdAt: InstantSchema,
    updatedAt: InstantSchema,
    cancellationReason: TextSchema.optional(),
    idempotencyKey: TextSchema.optional(),
    rescheduledFrom: IdSchema.optional(),
    rescheduledTo: IdSchema.optional(),
  })
  .refine((a) => a.end > a.start, { message: '`end` must be after `start`', path: ['end'] });

/**
 * An appointment; see {@link AppointmentSchema}.
 *
 * @example
 * ```ts
 * import type { Appointment } from 'clinic-slots';
 * const isBooked = (a: Appointment) => a.status === 'booked';
 * ```
 */
export type Appointment = z.output<typeof AppointmentSchema>;
