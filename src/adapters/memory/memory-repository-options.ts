import { z } from 'zod';
import { AppointmentSchema, type Appointment } from '../../schemas/appointment.js';
import { DoctorSchema, type Doctor } from '../../schemas/doctor.js';

/**
 * Options of {@link createMemoryRepository}: data to start with. Doctors are created first, then
 * appointments in the given order, under the same rules as the repository's own methods.
 *
 * @example
 * ```ts
 * import type { MemoryRepositoryOptions } from 'clinic-slots';
 * const empty: MemoryRepositoryOptions = { doctors: [], appointments: [] };
 * ```
 */
export interface MemoryRepositoryOptions {
  /** Doctors to start with (each validated by `DoctorSchema`; ids unique). */
  readonly doctors?: readonly Doctor[];
  /**
   * Appointments to start with, in any status (each validated by `AppointmentSchema`). Each
   * must belong to one of `doctors`; ids and idempotency keys must be unique, and `booked` ones
   * must not overlap another `booked` one of the same doctor.
   */
  readonly appointments?: readonly Appointment[];
}

/** The schema of {@link MemoryRepositoryOptions}. @internal */
export const MemoryRepositoryOptionsSchema = z.strictObject({
  doctors: z.array(DoctorSchema).max(100_000).optional(),
  appointments: z.array(AppointmentSchema).max(1_000_000).optional(),
});
