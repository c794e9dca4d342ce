import { z } from 'zod';
import { APPOINTMENT_STATUSES } from '../domain/appointment.js';
import { IdSchema, InstantSchema, TextSchema } from './primitives.js';

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
