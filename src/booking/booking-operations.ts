import { SchedulingError } from '../domain/errors.js';
import type { Appointment } from '../schemas/appointment.js';
import type { Doctor } from '../schemas/doctor.js';
import { parseInput } from '../schemas/parse.js';
import { IdSchema } from '../schemas/primitives.js';
import { BookingRequestSchema, RescheduleRequestSchema, SlotQuerySchema } from '../schemas/requests.js';
import { generateSlots } from '../slots/generate-slots.js';
import { busyReachMs, busyTimes, judge, needsBusyTimes, type BookingJudgement } from './policy.js';
import type { SchedulerContext } from './scheduler-context.js';
import type { Scheduler } from './types.js';

type Accepted = Extract<BookingJudgement, { ok: true }>;

/**
 * `findAvailableSlots`, `book` and `reschedule`: the booking policy, then the port's atomic
 * writes.
 *
 * @internal
 */
export function bookingOperations(ctx: SchedulerContext): Pick<Scheduler, 'findAvailableSlots' | 'book' | 'reschedule'> {
  const { repository, cache } = ctx;

  /**
   * Judges a start against a doctor: with the appointments around it when the doctor's buffers
   * make them matter (one range read), else without (the storage's overlap check decides).
   */
  const decide = async (doctor: Doctor, locationId: string, start: number, now: number, freeing?: string): Promise<BookingJudgement> => {
    if (!needsBusyTimes(doctor.rules)) return judge(doctor, locationId, start, now);
    const reach = busyReachMs(doctor.rules);
    const around = await ctx.activeAppointments(doctor.id, start - reach, start + reach);
    return judge(doctor, locationId, start, now, busyTimes(around, freeing));
  };

  /**
   * The shared flow of `book` and `reschedule`: judge against the cached doctor, store with the
   * doctor's version as a guard, and on a refusal or a version conflict judge once more against
   * the stored doctor. `refuse` turns a refusal into the caller's answer (idempotent retries).
   */
  const place = async <T>(
    doctorId: string,
    locationId: string,
    start: number,
    now: number,
    freeing: string | undefined,
    store: (doctor: Doctor, slot: Accepted) => Promise<T>,
    refuse: (error: SchedulingError) => Promise<T>,
  ): Promise<T> => {
    let doctor = cache.get(doctorId);
    let fresh = false;
    const reload = async (): Promise<Doctor | undefined> => {
      const stored = await repository.getDoctor(doctorId);
      if (stored === undefined) cache.delete(doctorId);
      else cache.set(structuredClone(stored));
      fresh = true;
      return stored;
    };
    const notFound = () => new SchedulingError('DOCTOR_NOT_FOUND', `no doctor ${doctorId}`);
    if (doctor === undefined) {
      doctor = await reload();
      if (doctor === undefined) return refuse(notFound());
    }
    for (let attempt = 0; ; attempt++) {
      let verdict = await decide(doctor, locationId, start, now, freeing);
      if (!verdict.ok && !fresh) {
        // A cached doctor may be stale: refuse only what the stored doctor refuses.
        const stored = await reload();
        if (stored === undefined) return refuse(notFound());
        if (stored.version !== doctor.version) {
          doctor = stored;
          verdict = await decide(doctor, locationId, start, now, freeing);
        }
      }
      if (!verdict.ok) return refuse(new SchedulingError(verdict.code, refusalMessage(verdict.code)));
      try {
        return await store(doctor, verdict);
      } catch (error) {
        if (!(error instanceof SchedulingError)) throw error;
        if (error.code === 'CONFLICT' && attempt === 0) {
          // Either the doctor changed since it was judged (judge again), or the id exists.
          const judged = doctor.version;
          const stored = await reload();
          if (stored === undefined) return refuse(notFound());
          if (stored.version !== judged) {
            doctor = stored;
            continue;
          }
        }
        if (error.code === 'DOCTOR_NOT_FOUND') cache.delete(doctorId);
        if (error.code === 'SLOT_TAKEN' || error.code === 'DOCTOR_NOT_FOUND') return refuse(error);
        throw error;
      }
    }
  };

  return {
    async findAvailableSlots(input) {
      const query = parseInput(SlotQuerySchema, input, 'slot query');
      const now = ctx.now();
      const doctor = await ctx.loadDoctor(query.doctorId);
      if (query.locationId !== undefined && !doctor.locations.some((l) => l.id === query.locationId)) {
        throw new SchedulingError('LOCATION_NOT_SERVED', `doctor ${doctor.id} has no location ${query.locationId}`);
      }
      const from = Date.parse(query.from);
      const to = Date.parse(query.to);
      const reach = busyReachMs(doctor.rules);
      const appointments = await ctx.activeAppointments(doctor.id, from - reach, to + reach);
      const slots = generateSlots({
        doctor,
        from,
        to,
        now: now.ms,
        busy: busyTimes(appointments),
        ...(query.locationId === undefined ? {} : { locationId: query.locationId }),
      });
      return slots.map((slot) => ({
        start: new Date(slot.start).toISOString(),
        end: new Date(slot.end).toISOString(),
        locationIds: [...slot.locationIds],
      }));
    },

    async book(input) {
      const request = parseInput(BookingRequestSchema, input, 'booking request');
      const now = ctx.now();
      const id = ctx.newId();
      const key = request.idempotencyKey;
      const original = (earlier: Appointment): Appointment => {
        if (
          earlier.doctorId === request.doctorId &&
          earlier.locationId === request.locationId &&
          earlier.start === request.start &&
          earlier.patientRef === request.patientRef
        ) {
          return earlier;
        }
        throw new SchedulingError('IDEMPOTENCY_MISMATCH', 'this idempotency key was used for another request');
      };
      return place(
        request.doctorId,
        request.locationId,
        Date.parse(request.start),
        now.ms,
        undefined,
        async (doctor, slot) => {
          const appointment: Appointment = {
            id,
            doctorId: request.doctorId,
            locationId: request.locationId,
            start: slot.start,
            end: slot.end,
            patientRef: request.patientRef,
            status: 'booked',
            createdAt: now.iso,
            updatedAt: now.iso,
            ...(key === undefined ? {} : { idempotencyKey: key }),
          };
          const stored = await repository.insertAppointment(appointment, { doctorVersion: doctor.version });
          return stored.id === id ? stored : original(stored);
        },
        async (error) => {
          // A retry of a request that went through must get its appointment, not a refusal.
          if (key !== undefined) {
            const earlier = await repository.findAppointmentByIdempotencyKey(key);
            if (earlier !== undefined) return original(earlier);
          }
          throw error;
        },
      );
    },

    async reschedule(appointmentId, input) {
      const id = parseInput(IdSchema, appointmentId, 'appointment id');
      const request = parseInput(RescheduleRequestSchema, input, 'reschedule request');
      const now = ctx.now();
      const old = await repository.getAppointment(id);
      if (old === undefined) throw new SchedulingError('APPOINTMENT_NOT_FOUND', `no appointment ${id}`);
      if (old.status !== 'booked') throw new SchedulingError('NOT_ACTIVE', `appointment ${id} is ${old.status}`);
      const replacementId = ctx.newId();
      const locationId = request.locationId ?? old.locationId;
      return place(
        old.doctorId,
        locationId,
        Date.parse(request.start ?? old.start),
        now.ms,
        old.id,
        async (doctor, slot) => {
          const replacement: Appointment = {
            id: replacementId,
            doctorId: old.doctorId,
            locationId,
            start: slot.start,
            end: slot.end,
            patientRef: old.patientRef,
            status: 'booked',
            createdAt: now.iso,
            updatedAt: now.iso,
            rescheduledFrom: old.id,
          };
          return repository.rescheduleAppointment({ fromId: old.id, replacement, at: now.iso, doctorVersion: doctor.version });
        },
        (error) => Promise.reject(error),
      );
    },
  };
}

function refusalMessage(code: SchedulingError['code']): string {
  switch (code) {
    case 'SLOT_NOT_OFFERED':
      return 'no published slot starts then';
    case 'LOCATION_NOT_SERVED':
      return 'the doctor is not seen at that location then';
    case 'TOO_LATE':
      return 'the start is past or within the minimum notice';
    case 'BEYOND_HORIZON':
      return 'the start is beyond the booking horizon';
    case 'SLOT_TAKEN':
      return 'another appointment holds that time';
    default:
      return code;
  }
}
