import { SchedulingError } from '../domain/errors.js';
import type { SchedulingRepository } from '../ports/repository.js';

/**
 * The port's methods, by name.
 *
 * @internal
 */
export const REPOSITORY_METHODS = [
  'createDoctor',
  'getDoctor',
  'listDoctors',
  'updateDoctor',
  'deleteDoctor',
  'insertAppointment',
  'getAppointment',
  'listAppointments',
  'findAppointmentByIdempotencyKey',
  'changeAppointmentStatus',
  'rescheduleAppointment',
  'listClaims',
  'insertHold',
  'getHold',
  'findHoldByIdempotencyKey',
  'changeHold',
  'confirmHold',
] as const satisfies readonly (keyof SchedulingRepository)[];

/**
 * Turns whatever a repository throws into a {@link SchedulingError}: its own refusals pass
 * through, anything else becomes `STORAGE_FAILED` with the original as `cause`.
 *
 * @internal
 */
export function toSchedulingError(error: unknown): SchedulingError {
  if (error instanceof SchedulingError) return error;
  return new SchedulingError('STORAGE_FAILED', 'the repository failed', { cause: error });
}

/**
 * Wraps a repository so that every method throws only {@link SchedulingError}s (see
 * {@link toSchedulingError}), including a method that throws synchronously.
 *
 * @internal
 */
export function guardRepository(repository: SchedulingRepository): SchedulingRepository {
  const guarded: Record<string, unknown> = { capabilities: repository.capabilities };
  for (const name of REPOSITORY_METHODS) {
    guarded[name] = async (...args: unknown[]): Promise<unknown> => {
      try {
        return await (repository[name] as (...a: unknown[]) => Promise<unknown>).apply(repository, args);
      } catch (error) {
        throw toSchedulingError(error);
      }
    };
  }
  return guarded as unknown as SchedulingRepository;
}
