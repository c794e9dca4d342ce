import { ACTIVE_STATUS } from '../domain/appointment.js';
import { SchedulingError } from '../domain/errors.js';
import { refusals } from '../domain/refusals.js';
import { type Appointment } from '../schemas/appointment.js';
import { canTransition, type AppointmentStatus } from '../domain/appointment.js';
import { parseInput } from '../schemas/parse.js';
import { IdSchema } from '../schemas/primitives.js';
import { AppointmentQuerySchema, CancelOptionsSchema } from '../schemas/requests.js';
import type { SchedulerContext } from './scheduler-context.js';
import type { Scheduler } from './types.js';

/** How often `markEnteredInError` reads again when the status changed under it. */
const STATUS_RACE_RETRIES = 3;

/**
 * Reading appointments and moving them along their lifecycle.
 *
 * @internal
 */
export function appointmentOperations(
  ctx: SchedulerContext,
): Pick<Scheduler, 'getAppointment' | 'listAppointments' | 'cancel' | 'markFulfilled' | 'markNoShow' | 'markEnteredInError'> {
  const { repository } = ctx;

  /** Moves a `booked` appointment to `status`, atomically in the port. */
  const finish = async (appointmentId: unknown, status: AppointmentStatus, reason?: string): Promise<Appointment> => {
    const id = parseInput(IdSchema, appointmentId, 'appointment id');
    const now = ctx.now();
    return repository.changeAppointmentStatus({
      id,
      expectedStatus: ACTIVE_STATUS,
      status,
      at: now.iso,
      ...(reason === undefined ? {} : { cancellationReason: reason }),
    });
  };

  return {
    async getAppointment(appointmentId) {
      const id = parseInput(IdSchema, appointmentId, 'appointment id');
      const appointment = await repository.getAppointment(id);
      if (appointment === undefined) throw refusals.appointmentNotFound(id);
      return appointment;
    },

    async listAppointments(input) {
      const query = parseInput(AppointmentQuerySchema, input, 'appointment query');
      return repository.listAppointments({
        doctorId: query.doctorId,
        limit: query.limit,
        ...(query.from === undefined ? {} : { from: query.from }),
        ...(query.to === undefined ? {} : { to: query.to }),
        ...(query.statuses === undefined ? {} : { statuses: query.statuses }),
        ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
      });
    },

    async cancel(appointmentId, options) {
      const { reason } = parseInput(CancelOptionsSchema, options, 'cancel options');
      return finish(appointmentId, 'cancelled', reason);
    },

    markFulfilled: (appointmentId) => finish(appointmentId, 'fulfilled'),

    markNoShow: (appointmentId) => finish(appointmentId, 'noshow'),

    async markEnteredInError(appointmentId) {
      const id = parseInput(IdSchema, appointmentId, 'appointment id');
      const now = ctx.now();
      for (let attempt = 0; ; attempt++) {
        const current = await repository.getAppointment(id);
        if (current === undefined) throw refusals.appointmentNotFound(id);
        if (!canTransition(current.status, 'entered-in-error')) {
          throw refusals.notActive(id, current.status);
        }
        try {
          return await repository.changeAppointmentStatus({ id, expectedStatus: current.status, status: 'entered-in-error', at: now.iso });
        } catch (error) {
          // The status changed between the read and the write: read again.
          if (!(error instanceof SchedulingError && error.code === 'NOT_ACTIVE') || attempt >= STATUS_RACE_RETRIES) throw error;
        }
      }
    },
  };
}
