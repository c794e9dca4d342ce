import { SchedulingError } from '../domain/errors.js';
import type { SchedulingRepository } from '../ports/repository.js';
import type { Appointment } from '../schemas/appointment.js';
import type { Doctor } from '../schemas/doctor.js';
import { parseInput } from '../schemas/parse.js';
import { IdSchema } from '../schemas/primitives.js';
import { RescheduleRequestSchema, SlotQuerySchema } from '../schemas/requests.js';
import { checkSlot, judgeStart } from '../slots/check-slot.js';
import { compileSchedule } from '../slots/compiled-schedule.js';
import { generateSlots } from '../slots/generate-slots.js';
import type { SlotCheck } from '../slots/types.js';
import { readBookingRequest, type ReadBookingRequest } from './booking-request.js';
import { formatInstant } from './iso-instant.js';
import { busyReachMs, busyTimes, type BookingRefusalCode } from './policy.js';
import type { Instant, SchedulerContext } from './scheduler-context.js';
import type { RescheduleResult, Scheduler } from './types.js';

/** A validated booking request. */
type Request = ReadBookingRequest;

/**
 * The booking policy's verdict on a placement: the end of the slot (epoch ms) when the start is
 * bookable, else why not. A number or a string, so that judging allocates nothing.
 */
type Verdict = number | BookingRefusalCode;

/** The verdict of a `checkSlot` answer. */
const verdictOf = (check: SlotCheck): Verdict => (check.ok ? check.slot.end : check.code);

/**
 * What `book` and `reschedule` want stored, judged and refused the same way. Plain data, so the
 * hot path allocates no closures.
 */
interface Placement {
  readonly doctorId: string;
  readonly locationId: string;
  /** The wanted start, epoch ms. */
  readonly start: number;
  readonly now: Instant;
  /** A new booking... */
  readonly request?: Request;
  /** ...or the appointment being moved. */
  readonly old?: Appointment;
  /** The id of the new appointment. */
  readonly id: string;
}

const REFUSAL_MESSAGES: Partial<Record<SchedulingError['code'], string>> = {
  SLOT_NOT_OFFERED: 'no published slot starts then',
  LOCATION_NOT_SERVED: 'the doctor is not seen at that location then',
  TOO_LATE: 'the start is past or within the minimum notice',
  BEYOND_HORIZON: 'the start is beyond the booking horizon',
  SLOT_TAKEN: 'another appointment holds that time',
};

/** The earlier appointment if it was made by the same request, else `IDEMPOTENCY_MISMATCH`. */
function sameRequest(earlier: Appointment, request: Request): Appointment {
  if (
    earlier.doctorId === request.doctorId &&
    earlier.locationId === request.locationId &&
    earlier.start === request.start &&
    earlier.patientRef === request.patientRef
  ) {
    return earlier;
  }
  throw new SchedulingError('IDEMPOTENCY_MISMATCH', 'this idempotency key was used for another request');
}

/**
 * `findAvailableSlots`, `book` and `reschedule`: the booking policy, then the port's atomic
 * writes.
 *
 * @internal
 */
export function bookingOperations(ctx: SchedulerContext): Pick<Scheduler, 'findAvailableSlots' | 'book' | 'reschedule'> {
  const repository: SchedulingRepository = ctx.repository;
  const { cache } = ctx;

  /** Reads the stored doctor into the cache (or out of it, when it is gone). */
  async function reload(doctorId: string): Promise<Doctor | undefined> {
    const stored = await repository.getDoctor(doctorId);
    if (stored === undefined) cache.delete(doctorId);
    else cache.set(structuredClone(stored));
    return stored;
  }

  /**
   * Judges a placement against a doctor: with the appointments around it when the doctor's
   * buffers make them matter (one range read), else synchronously without (the storage's overlap
   * check decides). A new booking's request is validated already, so it is judged on the
   * compiled schedule directly; a move goes through `checkSlot`, which validates what the
   * repository gave.
   */
  function decide(doctor: Doctor, p: Placement): Verdict | Promise<Verdict> {
    const compiled = compileSchedule(doctor);
    if (compiled.bufferBefore === 0 && compiled.bufferAfter === 0) {
      if (p.request === undefined) return verdictOf(checkSlot({ doctor, start: p.start, locationId: p.locationId, now: p.now.ms }));
      const verdict = judgeStart(compiled, p.start, p.locationId, p.now.ms);
      return typeof verdict === 'string' ? verdict : p.start + compiled.slotLength;
    }
    const reach = busyReachMs(doctor.rules);
    return ctx
      .activeAppointments(doctor.id, p.start - reach, p.start + reach)
      .then((around) =>
        verdictOf(checkSlot({ doctor, start: p.start, locationId: p.locationId, now: p.now.ms, busy: busyTimes(around, p.old?.id) })),
      );
  }

  /**
   * Stores an accepted placement, whose slot ends at `end`, with the doctor's version as a guard:
   * the repository's write (a function, not an `async` one: one promise less per booking).
   */
  function write(p: Placement, doctor: Doctor, end: number): Promise<Appointment | RescheduleResult> {
    const { request, old, now } = p;
    if (request !== undefined) {
      const appointment: Appointment = {
        id: p.id,
        doctorId: request.doctorId,
        locationId: request.locationId,
        start: request.start,
        end: formatInstant(end),
        patientRef: request.patientRef,
        status: 'booked',
        createdAt: now.iso,
        updatedAt: now.iso,
      };
      if (request.idempotencyKey !== undefined) appointment.idempotencyKey = request.idempotencyKey;
      return repository.insertAppointment(appointment, { doctorVersion: doctor.version });
    }
    const moved = old!;
    const replacement: Appointment = {
      id: p.id,
      doctorId: moved.doctorId,
      locationId: p.locationId,
      start: formatInstant(p.start),
      end: formatInstant(end),
      patientRef: moved.patientRef,
      status: 'booked',
      createdAt: now.iso,
      updatedAt: now.iso,
      rescheduledFrom: moved.id,
    };
    return repository.rescheduleAppointment({ fromId: moved.id, replacement, at: now.iso, doctorVersion: doctor.version });
  }

  /** Turns a refusal into the answer: for a retried idempotent booking, its original appointment. */
  async function refuse(p: Placement, error: SchedulingError): Promise<Appointment> {
    const key = p.request?.idempotencyKey;
    if (key !== undefined) {
      const earlier = await repository.findAppointmentByIdempotencyKey(key);
      if (earlier !== undefined) return sameRequest(earlier, p.request!);
    }
    throw error;
  }

  /**
   * The shared flow of `book` and `reschedule`: judge against the cached doctor, store with the
   * doctor's version as a guard, and on a refusal or a version conflict judge once more against
   * the stored doctor.
   */
  async function place(p: Placement): Promise<Appointment | RescheduleResult> {
    let doctor = cache.get(p.doctorId);
    let fresh = false;
    if (doctor === undefined) {
      doctor = await reload(p.doctorId);
      fresh = true;
      if (doctor === undefined) return refuse(p, new SchedulingError('DOCTOR_NOT_FOUND', `no doctor ${p.doctorId}`));
    }
    for (let attempt = 0; ; attempt++) {
      const decided = decide(doctor, p);
      let verdict = typeof decided === 'object' ? await decided : decided;
      if (typeof verdict === 'string' && !fresh) {
        // A cached doctor may be stale: refuse only what the stored doctor refuses.
        const stored = await reload(p.doctorId);
        fresh = true;
        if (stored === undefined) return refuse(p, new SchedulingError('DOCTOR_NOT_FOUND', `no doctor ${p.doctorId}`));
        if (stored.version !== doctor.version) {
          doctor = stored;
          verdict = await decide(doctor, p);
        }
      }
      if (typeof verdict === 'string') return refuse(p, new SchedulingError(verdict, REFUSAL_MESSAGES[verdict] ?? verdict));
      try {
        const stored = await write(p, doctor, verdict);
        // An idempotent booking may give the appointment an earlier request made.
        return p.request === undefined || (stored as Appointment).id === p.id ? stored : sameRequest(stored as Appointment, p.request);
      } catch (error) {
        if (!(error instanceof SchedulingError)) throw error;
        if (error.code === 'CONFLICT' && attempt === 0) {
          // Either the doctor changed since it was judged (judge again), or the id exists.
          const judged = doctor.version;
          const stored = await reload(p.doctorId);
          fresh = true;
          if (stored === undefined) return refuse(p, new SchedulingError('DOCTOR_NOT_FOUND', `no doctor ${p.doctorId}`));
          if (stored.version !== judged) {
            doctor = stored;
            continue;
          }
        }
        if (error.code === 'DOCTOR_NOT_FOUND') cache.delete(p.doctorId);
        if (error.code === 'SLOT_TAKEN' || error.code === 'DOCTOR_NOT_FOUND') return refuse(p, error);
        throw error;
      }
    }
  }

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

    // Not `async`: one promise less per booking. It never throws; a refusal is a rejection.
    book(input) {
      let placement: Placement;
      try {
        const request = readBookingRequest(input);
        placement = {
          doctorId: request.doctorId,
          locationId: request.locationId,
          start: request.startMs,
          now: ctx.now(),
          request,
          id: ctx.newId(),
        };
      } catch (error) {
        return Promise.reject(error as Error);
      }
      return place(placement) as Promise<Appointment>;
    },

    async reschedule(appointmentId, input) {
      const id = parseInput(IdSchema, appointmentId, 'appointment id');
      const request = parseInput(RescheduleRequestSchema, input, 'reschedule request');
      const now = ctx.now();
      const old = await repository.getAppointment(id);
      if (old === undefined) throw new SchedulingError('APPOINTMENT_NOT_FOUND', `no appointment ${id}`);
      if (old.status !== 'booked') throw new SchedulingError('NOT_ACTIVE', `appointment ${id} is ${old.status}`);
      const placement: Placement = {
        doctorId: old.doctorId,
        locationId: request.locationId ?? old.locationId,
        start: Date.parse(request.start ?? old.start),
        now,
        old,
        id: ctx.newId(),
      };
      return (await place(placement)) as RescheduleResult;
    },
  };
}
