import { randomUUID } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import {
  SchedulingError,
  canTransition,
  isLiveHold,
  refusals,
  type Appointment,
  type AppointmentListQuery,
  type AppointmentStatus,
  type Claim,
  type ClaimQuery,
  type Doctor,
  type DoctorListQuery,
  type DoctorUpdateOptions,
  type Hold,
  type HoldChange,
  type HoldConfirmation,
  type HoldInsertOptions,
  type InsertOptions,
  type Page,
  type Reschedule,
  type SchedulingRepository,
  type StatusChange,
  type StoredClaim,
} from 'clinic-slots';

/**
 * Where the adapter keeps its data: one JSON document, read and written whole. `save` must replace
 * the document atomically (all or nothing), as writing a temporary file and renaming it does.
 */
export interface DocumentStore {
  /** The document last saved, or `undefined` before the first save. */
  load(): Promise<string | undefined>;
  /** Replaces the document. */
  save(document: string): Promise<void>;
}

/** A document store in one file: written to a temporary file, then renamed over the old one. */
export function fileDocumentStore(path: string): DocumentStore {
  return {
    async load() {
      try {
        return await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async save(document) {
      const temporary = `${path}.${randomUUID()}.tmp`;
      await writeFile(temporary, document, { flush: true });
      await rename(temporary, path);
    },
  };
}

/**
 * Everything the repository stores, as one JSON value. `claims` holds the claims not yet
 * released: those of `booked` appointments and of `held` holds, including holds past their
 * `expiresAt` that no write has retired yet (`isLive` tells those apart).
 */
interface State {
  doctors: Record<string, Doctor>;
  appointments: Record<string, Appointment>;
  holds: Record<string, Hold>;
  claims: StoredClaim[];
}

/** Opaque cursors: the sort key of the last item of a page, as base64url JSON. */
const encodeCursor = (key: string[]): string => Buffer.from(JSON.stringify(key)).toString('base64url');
function decodeCursor(cursor: string, length: number): string[] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === length && key.every((part) => typeof part === 'string')) return key;
  } catch {
    // fall through
  }
  throw new SchedulingError('VALIDATION_FAILED', 'invalid cursor: it was not made by this repository');
}

/** Orders strings by UTF-16 code units, as `<` does: normalised instants sort in time order. */
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Two claims collide when they are on the same lane of one resource and each starts before the other ends. */
const collide = (a: Claim, b: Claim): boolean =>
  a.kind === b.kind && a.id === b.id && a.lane === b.lane && a.from < b.to && b.from < a.to;

/** The claims a write takes: those it was given, or by default one claim of its doctor over its own time. */
const claimsOf = (owner: { doctorId: string; start: string; end: string }, claims?: readonly Claim[]): readonly Claim[] =>
  claims ?? [{ kind: 'doctor', id: owner.doctorId, lane: 0, from: owner.start, to: owner.end }];

/**
 * A {@link SchedulingRepository} over a {@link DocumentStore}: the whole state is one JSON
 * document. Fine for a small practice; every operation reads (and every write saves) the whole
 * document, so it does not scale.
 *
 * How it keeps the port's atomic rules: every operation runs alone, one after the other, through
 * a queue (`serially`), and a write changes a fresh copy of the state and saves it whole in one
 * atomic `save`. So a check and the change it guards are one step for every caller in this
 * process, and a write that throws (a refusal, or a failed save) changes nothing: its copy is
 * never saved, whatever it had changed before the throw. Other processes are not covered:
 * `concurrentWriters: 'process'`.
 */
export function createDocumentRepository(store: DocumentStore): SchedulingRepository {
  // Whatever the store throws becomes STORAGE_FAILED; the port's own refusals pass through.
  const storageFailed = (error: unknown): never => {
    if (error instanceof SchedulingError) throw error;
    throw refusals.storageFailed('the document store failed', error);
  };
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(operation: () => Promise<T>): Promise<T> => {
    const result = queue.then(operation).catch(storageFailed);
    queue = result.catch(() => undefined);
    return result;
  };

  const load = async (): Promise<State> => {
    const document = await store.load();
    return document === undefined ? { doctors: {}, appointments: {}, holds: {}, claims: [] } : (JSON.parse(document) as State);
  };
  /** Runs `read` on a fresh copy of the state (so callers never share objects with it). */
  const reading = <T>(read: (state: State) => T): Promise<T> => serially(async () => read(await load()));
  /** Runs `change` on a fresh copy of the state and saves it, unless `change` throws. */
  const writing = <T>(change: (state: State) => T): Promise<T> =>
    serially(async () => {
      const state = await load();
      const result = change(state);
      await store.save(JSON.stringify(state));
      return result;
    });

  /** Throws `DOCTOR_NOT_FOUND`, or `CONFLICT` when `expectedVersion` is given and stale. */
  const checkDoctor = (state: State, id: string, expectedVersion?: number): void => {
    const doctor = state.doctors[id];
    if (doctor === undefined) throw refusals.doctorNotFound(id);
    if (expectedVersion !== undefined && doctor.version !== expectedVersion) {
      throw refusals.staleVersion(id, { expected: expectedVersion, current: doctor.version });
    }
  };
  /**
   * Whether the doctor (at `locationId`, when given) has a `booked` appointment, or a hold live at
   * `after`, that ends after `after`: what keeps a doctor from being deleted, or a location removed.
   */
  const busyAfter = (state: State, doctorId: string, after: string, locationId?: string): boolean => {
    const concerned = (x: Appointment | Hold) =>
      x.doctorId === doctorId && x.end > after && (locationId === undefined || x.locationId === locationId);
    return (
      Object.values(state.appointments).some((a) => concerned(a) && a.status === 'booked') ||
      Object.values(state.holds).some((h) => concerned(h) && isLiveHold(h, after))
    );
  };
  const appointmentByKey = (state: State, key: string): Appointment | undefined =>
    Object.values(state.appointments).find((a) => a.idempotencyKey === key);
  const holdByKey = (state: State, key: string): Hold | undefined => Object.values(state.holds).find((h) => h.idempotencyKey === key);
  /** The appointment, if it is in `expectedStatus` and may become `status`; else `APPOINTMENT_NOT_FOUND` or `NOT_ACTIVE`. */
  const changeable = (state: State, id: string, expectedStatus: AppointmentStatus, status: AppointmentStatus): Appointment => {
    const appointment = state.appointments[id];
    if (appointment === undefined) throw refusals.appointmentNotFound(id);
    if (appointment.status !== expectedStatus || !canTransition(appointment.status, status)) {
      throw refusals.notActive(id, appointment.status);
    }
    return appointment;
  };
  /** The hold, if it is `held` and live at `at`; else `HOLD_NOT_FOUND`, `NOT_ACTIVE` or `HOLD_EXPIRED`. */
  const liveHold = (state: State, id: string, at: string): Hold => {
    const hold = state.holds[id];
    if (hold === undefined) throw refusals.holdNotFound(id);
    if (hold.status !== 'held') throw refusals.holdNotActive(id, hold.status);
    if (!isLiveHold(hold, at)) throw refusals.holdExpired(id, hold.expiresAt);
    return hold;
  };

  /**
   * Whether a kept claim is live at `at`: an appointment's always is (it is released when the
   * appointment leaves `booked`); a hold's while the hold is live then.
   */
  const isLive = (state: State, claim: StoredClaim, at: string): boolean =>
    claim.ownerKind === 'appointment' || isLiveHold(state.holds[claim.ownerId]!, at);
  /** Releases all the claims of one owner. */
  const release = (state: State, ownerKind: StoredClaim['ownerKind'], ownerId: string): void => {
    state.claims = state.claims.filter((c) => c.ownerKind !== ownerKind || c.ownerId !== ownerId);
  };
  /**
   * Takes `claims` for an owner, judged at the write's instant `at`. A claim that collides with a
   * live claim (also one this write took for an earlier claim) is refused: `SLOT_TAKEN` for a
   * doctor's, `PATIENT_BUSY` for a patient's. A `held` hold past its expiry in the way is retired:
   * marked `expired`, its claims released. A refusal throws, so the write saves nothing: all or none.
   */
  const take = (state: State, owner: Pick<StoredClaim, 'ownerKind' | 'ownerId'>, claims: readonly Claim[], at: string): void => {
    for (const claim of claims) {
      for (const other of state.claims.filter((c) => collide(c, claim))) {
        if (isLive(state, other, at)) throw refusals.claimTaken(claim);
        const expired = state.holds[other.ownerId]!;
        expired.status = 'expired';
        expired.updatedAt = at;
        release(state, 'hold', expired.id);
      }
      const { kind, id, lane, from, to } = claim;
      state.claims.push({ kind, id, lane, from, to, ownerKind: owner.ownerKind, ownerId: owner.ownerId });
    }
  };

  const repository: SchedulingRepository = {
    capabilities: { concurrentWriters: 'process' },

    createDoctor: (doctor: Doctor) =>
      writing((state) => {
        if (state.doctors[doctor.id] !== undefined) throw refusals.alreadyExists('doctor', doctor.id);
        state.doctors[doctor.id] = doctor;
      }),

    getDoctor: (id: string) => reading((state) => state.doctors[id]),

    listDoctors: (query: DoctorListQuery) =>
      reading((state): Page<Doctor> => {
        const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, 1)[0]!;
        const ids = Object.keys(state.doctors)
          .filter((id) => after === undefined || id > after)
          .sort(compare);
        const items = ids.slice(0, query.limit).map((id) => state.doctors[id]!);
        const last = items.at(-1);
        return ids.length > query.limit && last !== undefined ? { items, nextCursor: encodeCursor([last.id]) } : { items };
      }),

    updateDoctor: (doctor: Doctor, expectedVersion: number, options: DoctorUpdateOptions = {}) =>
      writing((state) => {
        checkDoctor(state, doctor.id, expectedVersion);
        const removed = options.removedLocation;
        if (removed !== undefined && busyAfter(state, doctor.id, removed.activeAfter, removed.id)) {
          throw refusals.hasAppointments(doctor.id, removed.id);
        }
        state.doctors[doctor.id] = doctor;
      }),

    deleteDoctor: (id: string, options: { activeAfter: string; expectedVersion?: number }) =>
      writing((state) => {
        checkDoctor(state, id, options.expectedVersion);
        if (busyAfter(state, id, options.activeAfter)) throw refusals.hasAppointments(id);
        delete state.doctors[id];
      }),

    insertAppointment: (appointment: Appointment, options: InsertOptions = {}) =>
      writing((state) => {
        checkDoctor(state, appointment.doctorId, options.doctorVersion);
        const earlier = appointment.idempotencyKey === undefined ? undefined : appointmentByKey(state, appointment.idempotencyKey);
        if (earlier !== undefined) return earlier;
        take(state, { ownerKind: 'appointment', ownerId: appointment.id }, claimsOf(appointment, options.claims), appointment.createdAt);
        if (state.appointments[appointment.id] !== undefined) throw refusals.alreadyExists('appointment', appointment.id);
        state.appointments[appointment.id] = appointment;
        return appointment;
      }),

    getAppointment: (id: string) => reading((state) => state.appointments[id]),

    listAppointments: (query: AppointmentListQuery) =>
      reading((state): Page<Appointment> => {
        const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, 2);
        const matching = Object.values(state.appointments)
          .filter(
            (a) =>
              a.doctorId === query.doctorId &&
              (query.from === undefined || a.end > query.from) &&
              (query.to === undefined || a.start < query.to) &&
              (query.statuses === undefined || query.statuses.includes(a.status)) &&
              (after === undefined || a.start > after[0]! || (a.start === after[0] && a.id > after[1]!)),
          )
          .sort((a, b) => compare(a.start, b.start) || compare(a.id, b.id));
        const items = matching.slice(0, query.limit);
        const last = items.at(-1);
        return matching.length > query.limit && last !== undefined
          ? { items, nextCursor: encodeCursor([last.start, last.id]) }
          : { items };
      }),

    findAppointmentByIdempotencyKey: (key: string) => reading((state) => appointmentByKey(state, key)),

    changeAppointmentStatus: (change: StatusChange) =>
      writing((state) => {
        const appointment = changeable(state, change.id, change.expectedStatus, change.status);
        if (appointment.status === 'booked') release(state, 'appointment', appointment.id);
        appointment.status = change.status;
        appointment.updatedAt = change.at;
        if (change.cancellationReason !== undefined) appointment.cancellationReason = change.cancellationReason;
        return appointment;
      }),

    rescheduleAppointment: (reschedule: Reschedule) =>
      writing((state) => {
        const old = changeable(state, reschedule.fromId, 'booked', 'cancelled');
        const replacement = reschedule.replacement;
        checkDoctor(state, replacement.doctorId, reschedule.doctorVersion);
        if (replacement.idempotencyKey !== undefined && appointmentByKey(state, replacement.idempotencyKey) !== undefined) {
          throw refusals.alreadyExists('idempotency-key', replacement.idempotencyKey);
        }
        release(state, 'appointment', old.id); // the old time is free for the replacement
        take(state, { ownerKind: 'appointment', ownerId: replacement.id }, claimsOf(replacement, reschedule.claims), replacement.createdAt);
        if (state.appointments[replacement.id] !== undefined) throw refusals.alreadyExists('appointment', replacement.id);
        old.status = 'cancelled';
        old.updatedAt = reschedule.at;
        old.rescheduledTo = replacement.id;
        state.appointments[replacement.id] = replacement;
        return { cancelled: old, booked: replacement };
      }),

    listClaims: (query: ClaimQuery) =>
      reading((state) =>
        state.claims
          .filter((c) => c.kind === query.kind && c.id === query.id && c.from < query.to && query.from < c.to && isLive(state, c, query.at))
          .sort((a, b) => compare(a.from, b.from) || compare(a.ownerId, b.ownerId)),
      ),

    insertHold: (hold: Hold, options: HoldInsertOptions = {}) =>
      writing((state) => {
        checkDoctor(state, hold.doctorId, options.doctorVersion);
        const earlier = hold.idempotencyKey === undefined ? undefined : holdByKey(state, hold.idempotencyKey);
        if (earlier !== undefined) return earlier;
        take(state, { ownerKind: 'hold', ownerId: hold.id }, claimsOf(hold, options.claims), hold.createdAt);
        if (state.holds[hold.id] !== undefined) throw refusals.alreadyExists('hold', hold.id);
        state.holds[hold.id] = hold;
        return hold;
      }),

    getHold: (id: string) => reading((state) => state.holds[id]),

    findHoldByIdempotencyKey: (key: string) => reading((state) => holdByKey(state, key)),

    changeHold: (change: HoldChange) =>
      writing((state) => {
        const hold = liveHold(state, change.id, change.at);
        if (change.expiresAt === undefined) {
          hold.status = 'released';
          release(state, 'hold', hold.id);
        } else {
          hold.expiresAt = change.expiresAt; // a renewal keeps its claims
        }
        hold.updatedAt = change.at;
        return hold;
      }),

    confirmHold: (confirmation: HoldConfirmation) =>
      writing((state) => {
        const { holdId, appointment, at } = confirmation;
        // A retried confirmation (the same appointment key) gets what the first one made.
        const stored = state.holds[holdId];
        const made = stored?.appointmentId === undefined ? undefined : state.appointments[stored.appointmentId];
        const key = appointment.idempotencyKey;
        if (stored?.status === 'confirmed' && made !== undefined && key !== undefined && made.idempotencyKey === key) {
          return { hold: stored, appointment: made };
        }
        const hold = liveHold(state, holdId, at);
        if (key !== undefined && appointmentByKey(state, key) !== undefined) throw refusals.alreadyExists('idempotency-key', key);
        release(state, 'hold', hold.id); // the hold's time becomes the appointment's
        take(state, { ownerKind: 'appointment', ownerId: appointment.id }, claimsOf(appointment, confirmation.claims), at);
        if (state.appointments[appointment.id] !== undefined) throw refusals.alreadyExists('appointment', appointment.id);
        hold.status = 'confirmed';
        hold.appointmentId = appointment.id;
        hold.updatedAt = at;
        state.appointments[appointment.id] = appointment;
        return { hold, appointment };
      }),
  };

  return repository;
}
