import { ACTIVE_STATUS, isActiveStatus } from '../domain/appointment.js';
import { busyReach } from '../domain/booking-rules.js';
import type { Claim } from '../domain/claims.js';
import { durationToMinutes } from '../domain/durations.js';
import { SchedulingError } from '../domain/errors.js';
import { isLiveHold } from '../domain/hold.js';
import { refusals, type BookingRefusalCode } from '../domain/refusals.js';
import type { SchedulingRepository } from '../ports/repository.js';
import type { Appointment } from '../schemas/appointment.js';
import type { Hold } from '../schemas/hold.js';
import { parseInput } from '../schemas/parse.js';
import { IdSchema } from '../schemas/primitives.js';
import {
  HoldConfirmRequestSchema,
  HoldRenewalSchema,
  HoldRequestSchema,
  RescheduleRequestSchema,
  SlotQuerySchema,
} from '../schemas/requests.js';
import { judgeStart } from '../slots/check-slot.js';
import { CompiledDoctor, type CompiledSchedule } from '../slots/compiled-schedule.js';
import { generateSlots } from '../slots/generate-slots.js';
import { MS_PER_MINUTE } from '../time/epoch-days.js';
import { formatInstant } from '../time/instant.js';
import { readBookingRequest } from './booking-request.js';
import type { Instant, SchedulerContext } from './scheduler-context.js';
import type { RescheduleResult, Scheduler } from './types.js';

/**
 * How many times one `book`, `hold` or `reschedule` judges a start against a doctor that changed
 * under it before it gives up with `CONFLICT`: each try reads the doctor afresh, so only a doctor
 * changed this many times within one call exhausts it.
 */
const MAX_JUDGEMENTS = 8;

/** The booking policy's verdict on a start: the end of its slot, or why not. */
type Verdict = { readonly ok: true; readonly end: number } | { readonly ok: false; readonly code: BookingRefusalCode };

/** What a placement becomes: a new appointment, a move of one, or a hold. */
type Intent =
  | { readonly kind: 'book'; readonly patientRef: string; readonly idempotencyKey?: string | undefined; readonly start: string }
  | { readonly kind: 'move'; readonly old: Appointment }
  | { readonly kind: 'hold'; readonly patientRef?: string | undefined; readonly idempotencyKey?: string | undefined; readonly ttl?: number | undefined };

/** A start of a doctor at a location that `book`, `reschedule` and `hold` want stored. */
interface Placement {
  readonly doctorId: string;
  readonly locationId: string;
  /** The wanted start, epoch ms. */
  readonly start: number;
  readonly now: Instant;
  /** The id of the new appointment or hold. */
  readonly id: string;
  readonly intent: Intent;
}

/** What a placement stores. */
type Stored = Appointment | RescheduleResult | Hold;

/** Whether an earlier appointment or hold was made by the same request, else `IDEMPOTENCY_MISMATCH`. */
function sameRequest<T extends Appointment | Hold>(earlier: T, p: Placement): T {
  const patientRef = p.intent.kind === 'move' ? undefined : p.intent.patientRef;
  if (
    earlier.doctorId === p.doctorId &&
    earlier.locationId === p.locationId &&
    earlier.start === formatInstant(p.start) &&
    earlier.patientRef === patientRef
  ) {
    return earlier;
  }
  throw refusals.idempotencyMismatch(earlier.id);
}

/** Whether a write was refused because the doctor changed since it was judged. */
const isStaleDoctor = (error: SchedulingError): boolean => error.details.code === 'CONFLICT' && error.details.kind !== 'already-exists';

/** Milliseconds in a validated ISO 8601 duration. */
const durationMs = (duration: string): number => durationToMinutes(duration)! * MS_PER_MINUTE;

/**
 * `findAvailableSlots`, `book`, `reschedule` and the holds: the booking policy, then the port's
 * atomic writes, whose claims hold every rule.
 *
 * @internal
 */
export function bookingOperations(
  ctx: SchedulerContext,
): Pick<Scheduler, 'findAvailableSlots' | 'book' | 'reschedule' | 'hold' | 'getHold' | 'renewHold' | 'releaseHold' | 'confirmHold'> {
  const repository: SchedulingRepository = ctx.repository;
  const { schedules } = ctx;

  /**
   * The claims of an appointment or a hold of `schedule` over `[start, end)`: its doctor over
   * the time widened by the buffers, and the patient over the time itself when the
   * patient-conflict rule is on.
   */
  function claimsOf(schedule: CompiledSchedule, start: number, end: number, patientRef: string | undefined): Claim[] {
    const claims: Claim[] = [
      { kind: 'doctor', id: schedule.doctorId, lane: 0, from: formatInstant(start - schedule.bufferBefore), to: formatInstant(end + schedule.bufferAfter) },
    ];
    if (ctx.patientConflicts && patientRef !== undefined) {
      claims.push({ kind: 'patient', id: patientRef, lane: 0, from: formatInstant(start), to: formatInstant(end) });
    }
    return claims;
  }

  /**
   * Judges a placement against a schedule: published, at that location, within notice and
   * horizon. Whether its time is free is the storage's to say: the write's claims carry the rule.
   */
  function judge(schedule: CompiledSchedule, p: Placement): Verdict {
    const judged = judgeStart(schedule, p.start, p.locationId, p.now.ms);
    return typeof judged === 'string' ? { ok: false, code: judged } : { ok: true, end: p.start + schedule.slotLength };
  }

  /** Stores an accepted placement with the judged doctor's version as a guard. */
  async function store(p: Placement, schedule: CompiledSchedule, end: number): Promise<Stored> {
    const { intent, now } = p;
    const start = formatInstant(p.start);
    if (intent.kind === 'hold') {
      const ttl = intent.ttl ?? schedule.holdTtl;
      if (ttl > schedule.maxHoldTtl) {
        throw new SchedulingError('VALIDATION_FAILED', `a hold of doctor ${p.doctorId} lasts at most ${schedule.maxHoldTtl / MS_PER_MINUTE} minutes`);
      }
      const hold: Hold = {
        id: p.id,
        doctorId: p.doctorId,
        locationId: p.locationId,
        start,
        end: formatInstant(end),
        status: 'held',
        expiresAt: formatInstant(now.ms + ttl),
        createdAt: now.iso,
        updatedAt: now.iso,
      };
      if (intent.patientRef !== undefined) hold.patientRef = intent.patientRef;
      if (intent.idempotencyKey !== undefined) hold.idempotencyKey = intent.idempotencyKey;
      return repository.insertHold(hold, { doctorVersion: schedule.version, claims: claimsOf(schedule, p.start, end, intent.patientRef) });
    }
    const patientRef = intent.kind === 'book' ? intent.patientRef : intent.old.patientRef;
    const appointment: Appointment = {
      id: p.id,
      doctorId: p.doctorId,
      locationId: p.locationId,
      start: intent.kind === 'book' ? intent.start : start,
      end: formatInstant(end),
      patientRef,
      status: ACTIVE_STATUS,
      createdAt: now.iso,
      updatedAt: now.iso,
    };
    const claims = claimsOf(schedule, p.start, end, patientRef);
    if (intent.kind === 'book') {
      if (intent.idempotencyKey !== undefined) appointment.idempotencyKey = intent.idempotencyKey;
      return repository.insertAppointment(appointment, { doctorVersion: schedule.version, claims });
    }
    appointment.rescheduledFrom = intent.old.id;
    return repository.rescheduleAppointment({ fromId: intent.old.id, replacement: appointment, at: now.iso, doctorVersion: schedule.version, claims });
  }

  /** What an earlier request with the same idempotency key made, if any. */
  async function earlier(p: Placement): Promise<Appointment | Hold | undefined> {
    const { intent } = p;
    if (intent.kind === 'move' || intent.idempotencyKey === undefined) return undefined;
    return intent.kind === 'hold'
      ? repository.findHoldByIdempotencyKey(intent.idempotencyKey)
      : repository.findAppointmentByIdempotencyKey(intent.idempotencyKey);
  }

  /** A refusal, unless the request is an idempotent retry: then what the first request made. */
  async function refuse(p: Placement, error: SchedulingError): Promise<Stored> {
    const made = await earlier(p);
    if (made !== undefined) return sameRequest(made, p);
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
   * The shared flow of `book`, `reschedule` and `hold`: judge the start against the doctor's
   * schedule (the cached one first), then store it with its claims and the judged version as a
   * guard, then recover. A refusal by a cached schedule is judged again against the stored
   * doctor; a write refused because the doctor changed since is judged again against the new
   * doctor, up to {@link MAX_JUDGEMENTS} times. So the answer is always the stored doctor's.
   */
  async function place(p: Placement): Promise<Stored> {
    let schedule: CompiledSchedule | SchedulingError | undefined = schedules.get(p.doctorId);
    let fresh = schedule === undefined;
    if (schedule === undefined) schedule = await freshSchedule(p);
    for (let judgement = 1; ; judgement++) {
      if (schedule instanceof SchedulingError) return refuse(p, schedule);
      const verdict = judge(schedule, p);
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
        // An idempotent request may give back what an earlier request made.
        return p.intent.kind === 'move' || (stored as Appointment | Hold).id === p.id ? stored : sameRequest(stored as Appointment | Hold, p);
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
        // The storage's SLOT_TAKEN names the doctor only: the refused start is the placement's.
        if (error.code === 'SLOT_TAKEN') return refuse(p, refusals.start('SLOT_TAKEN', p.doctorId, formatInstant(p.start)));
        if (error.code === 'PATIENT_BUSY' || error.code === 'DOCTOR_NOT_FOUND') return refuse(p, error);
        throw error;
      }
    }
  }

  /** The hold as the scheduler shows it: a `held` hold past its `expiresAt` is `expired`. */
  const shown = (hold: Hold, now: Instant): Hold => (hold.status === 'held' && !isLiveHold(hold, now.iso) ? { ...hold, status: 'expired' } : hold);

  /** Refuses a hold that is not live now as the storage would, before its doctor is read (it may be gone). */
  const refuseUnlessLive = (hold: Hold, now: Instant): void => {
    if (!isLiveHold(hold, now.iso)) throw hold.status === 'held' ? refusals.holdExpired(hold.id, hold.expiresAt) : refusals.holdNotActive(hold.id, hold.status);
  };

  /** The longest a hold of this doctor may last, or `VALIDATION_FAILED` for `ttl` past it. */
  async function checkTtl(doctorId: string, ttl: number): Promise<void> {
    const schedule = schedules.get(doctorId) ?? (await ctx.loadSchedule(doctorId));
    if (ttl > schedule.maxHoldTtl) {
      throw new SchedulingError('VALIDATION_FAILED', `a hold of doctor ${doctorId} lasts at most ${schedule.maxHoldTtl / MS_PER_MINUTE} minutes`);
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
      const claims = await ctx.repository.listClaims({
        kind: 'doctor',
        id: schedule.doctorId,
        from: formatInstant(Math.max(0, from - reach)),
        to: formatInstant(to + reach),
        at: now.iso,
      });
      const busy = [];
      for (const claim of claims) {
        if (claim.ownerId !== query.ignoreAppointmentId) busy.push({ start: Date.parse(claim.from), end: Date.parse(claim.to) });
      }
      const slots = generateSlots({
        doctor: new CompiledDoctor(schedule),
        from,
        to,
        now: now.ms,
        busy,
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
        intent: { kind: 'book', patientRef: request.patientRef, idempotencyKey: request.idempotencyKey, start: request.start },
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
        intent: { kind: 'move', old },
      })) as RescheduleResult;
    },

    async hold(input) {
      const request = parseInput(HoldRequestSchema, input, 'hold request');
      const now = ctx.now();
      const hold = (await place({
        doctorId: request.doctorId,
        locationId: request.locationId,
        start: Date.parse(request.start),
        now,
        id: ctx.newId(),
        intent: {
          kind: 'hold',
          patientRef: request.patientRef,
          idempotencyKey: request.idempotencyKey,
          ttl: request.ttl === undefined ? undefined : durationMs(request.ttl),
        },
      })) as Hold;
      return shown(hold, now);
    },

    async getHold(holdId) {
      const id = parseInput(IdSchema, holdId, 'hold id');
      const now = ctx.now();
      const hold = await repository.getHold(id);
      if (hold === undefined) throw refusals.holdNotFound(id);
      return shown(hold, now);
    },

    async renewHold(holdId, input) {
      const id = parseInput(IdSchema, holdId, 'hold id');
      const { ttl } = parseInput(HoldRenewalSchema, input, 'hold renewal');
      const now = ctx.now();
      const hold = await repository.getHold(id);
      if (hold === undefined) throw refusals.holdNotFound(id);
      refuseUnlessLive(hold, now);
      const ms = durationMs(ttl);
      await checkTtl(hold.doctorId, ms);
      return repository.changeHold({ id, at: now.iso, expiresAt: formatInstant(now.ms + ms) });
    },

    async releaseHold(holdId) {
      const id = parseInput(IdSchema, holdId, 'hold id');
      return repository.changeHold({ id, at: ctx.now().iso });
    },

    async confirmHold(holdId, input) {
      const id = parseInput(IdSchema, holdId, 'hold id');
      const request = parseInput(HoldConfirmRequestSchema, input, 'hold confirmation');
      const now = ctx.now();
      const hold = await repository.getHold(id);
      if (hold === undefined) throw refusals.holdNotFound(id);
      if (request.idempotencyKey !== undefined) {
        const made = await repository.findAppointmentByIdempotencyKey(request.idempotencyKey);
        if (made !== undefined) {
          if (hold.appointmentId === made.id && made.patientRef === request.patientRef) return made;
          throw refusals.idempotencyMismatch(made.id);
        }
      }
      refuseUnlessLive(hold, now);
      const schedule = schedules.get(hold.doctorId) ?? (await ctx.loadSchedule(hold.doctorId));
      const appointment: Appointment = {
        id: ctx.newId(),
        doctorId: hold.doctorId,
        locationId: hold.locationId,
        start: hold.start,
        end: hold.end,
        patientRef: request.patientRef,
        status: ACTIVE_STATUS,
        createdAt: now.iso,
        updatedAt: now.iso,
      };
      if (request.idempotencyKey !== undefined) appointment.idempotencyKey = request.idempotencyKey;
      try {
        const confirmed = await repository.confirmHold({
          holdId: id,
          appointment,
          claims: claimsOf(schedule, Date.parse(hold.start), Date.parse(hold.end), request.patientRef),
          at: now.iso,
        });
        return confirmed.appointment;
      } catch (error) {
        if (error instanceof SchedulingError && error.code === 'SLOT_TAKEN') throw refusals.start('SLOT_TAKEN', hold.doctorId, hold.start);
        // A confirmation retried at the same moment as the first: the first's appointment.
        if (error instanceof SchedulingError && error.code === 'CONFLICT' && request.idempotencyKey !== undefined) {
          const made = await repository.findAppointmentByIdempotencyKey(request.idempotencyKey);
          if (made !== undefined && made.patientRef === request.patientRef && (await repository.getHold(id))?.appointmentId === made.id) return made;
        }
        throw error;
      }
    },
  };
}
