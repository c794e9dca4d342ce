import { z } from 'zod';
import { HOLD_STATUSES } from '../domain/hold.js';
import { IdSchema, InstantSchema, TextSchema } from './primitives.js';

/**
 * A hold as stored: a start of a doctor at a location taken until `expiresAt`. `start`, `end`
 * and `expiresAt` are UTC instants; `patientRef` is optional (a hold may be taken before the
 * patient is known); a confirmed hold names its appointment in `appointmentId`.
 *
 * @example
 * ```ts
 * import { HoldSchema } from 'clinic-slots';
 * HoldSchema.parse({
 *   id: 'h1', doctorId: 'dr-wright', locationId: 'park-st',
 *   start: '2027-01-04T09:00:00.000Z', end: '2027-01-04T09:30:00.000Z',
 *   status: 'held', expiresAt: '2027-01-02T10:10:00.000Z',
 *   createdAt: '2027-01-02T10:00:00.000Z', updatedAt: '2027-01-02T10:00:00.000Z',
 * });
 * ```
 */
export const HoldSchema = z
  .strictObject({
    id: IdSchema,
    doctorId: IdSchema,
    locationId: IdSchema,
    start: InstantSchema,
    end: InstantSchema,
    patientRef: TextSchema.optional(),
    status: z.enum(HOLD_STATUSES),
    expiresAt: InstantSchema,
    createdAt: InstantSchema,
    updatedAt: InstantSchema,
    idempotencyKey: TextSchema.optional(),
    appointmentId: IdSchema.optional(),
  })
  .refine((h) => h.end > h.start, { message: '`end` must be after `start`', path: ['end'] });

/**
 * A hold; see {@link HoldSchema}.
 *
 * @example
 * ```ts
 * import type { Hold } from 'clinic-slots';
 * const until = (hold: Hold) => hold.expiresAt;
 * ```
 */
export type Hold = z.output<typeof HoldSchema>;
