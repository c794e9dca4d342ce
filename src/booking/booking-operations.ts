import { ACTIVE_STATUS, isActiveStatus } from '../domain/appointment.js';
import { busyReach } from '../domain/booking-rules.js';
import { SchedulingError } from '../domain/errors.js';
import { refusals, type BookingRefusalCode } from '../domain/refusals.js';
import type { SchedulingRepository } from '../ports/repository.js';
import type { Appointment } from '../schemas/appointment.js';
import { parseInput } from '../schemas/parse.js';
import { IdSchema } from '../schemas/primitives.js';
import { RescheduleRequestSchema, SlotQuerySchema } from '../schemas/requests.js';
import { judgeStart } from '../slots/check-slot.js';
import { CompiledDoctor, type CompiledSchedule } from '../slots/compiled-schedule.js';
import { generateSlots } from '../slots/generate-slots.js';
import { formatInstant } from '../time/instant.js';
import { readBookingRequest, type ReadBookingRequest } from './booking-request.js';
import type { Instant, SchedulerContext } from './scheduler-context.js';
import type { RescheduleResult, Scheduler } from './types.js';

/**
 * How many times one `book` or `reschedule` judges a start against a doctor that changed under
 * it before it gives up with `CONFLICT`: each try reads the doctor afresh, so only a doctor
 * changed this many times within one call exhausts it.
 */
const MAX_JUDGEMENTS = 8;

/** The booking policy's verdict on a start: the end of its slot, or why not. */
type Verdict = { readonly ok: true; readonly end: number } | { readonly ok: false; readonly code: BookingRefusalCode };

/** What `book` and `reschedule` want stored: a new booking, or a move of `old`. */
interface Placement {
  readonly doctorId: string;
  readonly locationId: string;
  /** The wanted start, epoch ms. */
  readonly start: number;
  readonly now: Instant;
  /** The id of the new appointment. */
  readonly id: string;
  /** A new booking... */
  readonly request?: ReadBookingRequest;
  /** ...or the appointment being moved, whose time counts as free. */
  readonly old?: Appointment;
}

/** The earlier appointment if it was made by the same request, else `IDEMPOTENCY_MISMATCH`. */
function sameRequest(earlier: Appointment, request: ReadBookingRequest): Appointment {
  if (
    earlier.doctorId === request.doctorId &&
    earlier.locationId === request.locationId &&
    earlier.start === request.start &&
    earlier.patientRef === request.patientRef
  ) {
    return earlier;
  }
  throw refusals.idempotencyMismatch(earlier.id);
}

/** Whether a write was refused because the doctor changed since it was judged. */
const isStaleDoctor = (error: SchedulingError): boolean =>
  error.details.code === 'CONFLICT' && error.details.kind !== 'already-exists';

/**
 * `findAvailableSlots`, `book` and `reschedule`: the booking policy, then the port's atomic
 * writes.
 *
 * @internal
 */
export function bookingOperations(ctx: SchedulerContext): Pick<Scheduler, 'findAvailableSlots' | 'book' | 'reschedule'> {
  const repository: SchedulingRepository = ctx.repository;
  const { schedules } = ctx;

  /**
   * Judges a placement against a schedule. Without buffers, the storage's overlap check is the
   * whole rule for other appointments, so nothing is read; with buffers, the appointments around
   * the start are read and judged as the slot listing judges them.
   */
  async function judge(schedule: CompiledSchedule, p: Placement): Promise<Verdict> {
    let busyStarts: number[] | undefined;
    let busyEnds: number[] | undefined;
    if (schedule.bufferBefore > 0 || schedule.bufferAfter > 0) {
      const reach = busyReach(schedule);
      const around = await ctx.activeAppointments(p.doctorId, p.start - reach, p.start + reach);
      busyStarts = [];
      busyEnds = [];
      for (const a of around) {
        if (a.id === p.old?.id) continue;
        busyStarts.push(Date.parse(a.start));
        busyEnds.push(Date.parse(a.end));
      }
    }
    const judged = judgeStart(schedule, p.start, p.locationId, p.now.ms, busyStarts, busyEnds);
    return typeof judged === 'string' ? { ok: false, code: judged } : { ok: true, end: p.start + schedule.slotLength };
  }

  /** Stores an accepted placement with the judged doctor's version as a guard. */
  function store(p: Placement, schedule: CompiledSchedule, end: number): Promise<Appointment | RescheduleResult> {
    const { request, old, now } = p;
    const appointment: Appointment = {
      id: p.id,
      doctorId: p.doctorId,
      locationId: p.locationId,
      start: request?.start ?? formatInstant(p.start),
      end: formatInstant(end),
      patientRef: request?.patientRef ?? old!.patientRef,
      status: ACTIVE_STATUS,
      createdAt: now.iso,
      updatedAt: now.iso,
    };
    if (request?.idempotencyKey !== undefined) appointment.idempotencyKey = request.idempotencyKey;
    if (old === undefined) return repository.insertAppointment(appointment, { doctorVersion: schedule.version });
    appointment.rescheduledFrom = old.id;
    return repository.rescheduleAppointment({ fromId: old.id, replacement: appointment, at: now.iso, doctorVersion: schedule.version });
  }

  /** A refusal, unless the request is an idempotent retry: then the appointment it made. */
  async function refuse(p: Placement, error: SchedulingError): Promise<Appointment> {
    const key = p.request?.idempotencyKey;
    if (key !== undefined) {
      const earlier = await repository.findAppointmentByIdempotencyKey(key);
      if (earlier !== undefined) return sameRequest(earlier, p.request!);
    }
    throw error;
  }

  /** The stored doctor's schedule, or the refusal when the doctor is gone. */
  async function freshSchedule(p: Placement): Promise<CompiledSchedule | SchedulingError> {
    try {
      return await ctx.loadSchedule(p.doctorId);
    } catch (error) {
      if (error instanceof SchedulingError && error.code === 'DOCTOR_NOT_FOUND') return error;
      throw error;
    }
  }

  /**
   * The shared flow of `book` and `reschedule`: judge the start against the doctor's schedule
   * (the cached one first), then store it with the judged version as a guard, then recover. A
   * refusal by a cached schedule is judged again against the stored doctor; a write refused
   * because the doctor changed since is judged again against the new doctor, up to
   * {@link MAX_JUDGEMENTS} times. So the answer is always the stored doctor's.
   */
  async function place(p: Placement): Promise<Appointment | RescheduleResult> {
    let schedule: CompiledSchedule | SchedulingError | undefined = schedules.get(p.doctorId);
    let fresh = schedule === undefined;
    if (schedule === undefined) schedule = await freshSchedule(p);
    for (let judgement = 1; ; judgement++) {
      if (schedule instanceof SchedulingError) return refuse(p, schedule);
      const verdict = await judge(schedule, p);
      if (!verdict.ok) {
        if (!fresh) {
          // A cached schedule may be stale: refuse only what the stored doctor refuses.
          const stored = await freshSchedule(p);
          fresh = true;
          if (stored instanceof SchedulingError || stored.version !== schedule.version) {
            schedule = stored;
            continue;
          }
        }
        return refuse(p, refusals.start(verdict.code, p.doctorId, formatInstant(p.start), p.locationId));
      }
      try {
        const stored = await store(p, schedule, verdict.end);
        // An idempotent booking may give back the appointment an earlier request made.
        return p.request === undefined || (stored as Appointment).id === p.id ? stored : sameRequest(stored as Appointment, p.request);
      } catch (error) {
        if (!(error instanceof SchedulingError)) throw error;
        if (error.code === 'CONFLICT' && isStaleDoctor(error) && judgement < MAX_JUDGEMENTS) {
          const stored = await freshSchedule(p);
          fresh = true;
          // The same version: the conflict was another one (an id that exists).
          if (stored instanceof SchedulingError || stored.version !== schedule.version) {
            schedule = stored;
            continue;
          }
        }
        if (error.code === 'DOCTOR_NOT_FOUND') schedules.delete(p.doctorId);
        if (error.code === 'SLOT_TAKEN' || error.code === 'DOCTOR_NOT_FOUND') return refuse(p, error);
        throw error;
      }
    }
  }

  return {
    async findAvailableSlots(input) {
      const query = parseInput(SlotQuerySchema, input, 'slot query');
      const now = ctx.now();
      const schedule = await ctx.loadSchedule(query.doctorId);
      if (query.locationId !== undefined && !schedule.locationOrder.has(query.locationId)) {
        throw refusals.noSuchLocation(schedule.doctorId, query.locationId);
      }
      const from = Date.parse(query.from);
      const to = Date.parse(query.to);
      const reach = busyReach(schedule);
      const appointments = await ctx.activeAppointments(schedule.doctorId, from - reach, to + reach);
      const slots = generateSlots({
        doctor: new CompiledDoctor(schedule),
        from,
        to,
        now: now.ms,
        busy: appointments.filter((a) => isActiveStatus(a.status)).map((a) => ({ start: Date.parse(a.start), end: Date.parse(a.end) })),
        ...(query.locationId === undefined ? {} : { locationId: query.locationId }),
      });
      return slots.map((slot) => ({ start: formatInstant(slot.start), end: formatInstant(slot.end), locationIds: [...slot.locationIds] }));
    },

    async book(input) {
      const request = readBookingRequest(input);
      return (await place({
        doctorId: request.doctorId,
        locationId: request.locationId,
        start: request.startMs,
        now: ctx.now(),
        id: ctx.newId(),
        request,
      })) as Appointment;
    },

    async reschedule(appointmentId, input) {
      const id = parseInput(IdSchema, appointmentId, 'appointment id');
      const request = parseInput(RescheduleRequestSchema, input, 'reschedule request');
      const now = ctx.now();
      const old = await repository.getAppointment(id);
      if (old === undefined) throw refusals.appointmentNotFound(id);
      if (!isActiveStatus(old.status)) throw refusals.notActive(id, old.status);
      return (await place({
        doctorId: old.doctorId,
        locationId: request.locationId ?? old.locationId,
        start: Date.parse(request.start ?? old.start),
        now,
        id: ctx.newId(),
        old,
      })) as RescheduleResult;
    },
  };
}
