import { randomUUID } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import {
  SchedulingError,
  canTransition,
  type Appointment,
  type AppointmentListQuery,
  type Doctor,
  type DoctorListQuery,
  type InsertOptions,
  type Page,
  type Reschedule,
  type SchedulingRepository,
  type StatusChange,
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

/** Everything the repository stores, as one JSON value. */
interface State {
  doctors: Record<string, Doctor>;
  appointments: Record<string, Appointment>;
}

const fail = (code: ConstructorParameters<typeof SchedulingError>[0], message: string): never => {
  throw new SchedulingError(code, message);
};

/** Opaque cursors: the sort key of the last item of a page, as base64url JSON. */
const encodeCursor = (key: string[]): string => Buffer.from(JSON.stringify(key)).toString('base64url');
function decodeCursor(cursor: string, length: number): string[] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === length && key.every((part) => typeof part === 'string')) return key;
  } catch {
    // fall through
  }
  return fail('VALIDATION_FAILED', 'invalid cursor: it was not made by this repository');
}

/** Two appointments overlap when each starts before the other ends (instants are normalised ISO strings). */
const overlaps = (a: Appointment, b: Appointment): boolean => a.start < b.end && b.start < a.end;

/**
 * A {@link SchedulingRepository} over a {@link DocumentStore}: the whole state is one JSON
 * document. Fine for a small practice; every operation reads (and every write saves) the whole
 * document, so it does not scale.
 *
 * How it keeps the port's atomic rules: every operation runs alone, one after the other, through
 * a queue (`serially`), and a write saves the whole new state in one atomic `save`. So a check
 * and the change it guards are one step for every caller in this process, and a failed save
 * changes nothing. Other processes are not covered: `concurrentWriters: 'process'`.
 */
export function createDocumentRepository(store: DocumentStore): SchedulingRepository {
  // Whatever the store throws becomes STORAGE_FAILED; the port's own refusals pass through.
  const storageFailed = (error: unknown): never => {
    if (error instanceof SchedulingError) throw error;
    throw new SchedulingError('STORAGE_FAILED', 'the document store failed', { cause: error });
  };
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(operation: () => Promise<T>): Promise<T> => {
    const result = queue.then(operation).catch(storageFailed);
    queue = result.catch(() => undefined);
    return result;
  };

  const load = async (): Promise<State> => {
    const document = await store.load();
    return document === undefined ? { doctors: {}, appointments: {} } : (JSON.parse(document) as State);
  };
  /** Runs `read` on a fresh copy of the state (so callers never share objects with it). */
  const reading = <T>(read: (state: State) => T): Promise<T> => serially(async () => read(await load()));
  /** Runs `change` on the state and saves it, unless `change` throws. */
  const writing = <T>(change: (state: State) => T): Promise<T> =>
    serially(async () => {
      const state = await load();
      const result = change(state);
      await store.save(JSON.stringify(state));
      return result;
    });

  const doctorOf = (state: State, id: string, expectedVersion?: number): Doctor => {
    const doctor = state.doctors[id] ?? fail('DOCTOR_NOT_FOUND', `no doctor ${id}`);
    if (expectedVersion !== undefined && doctor.version !== expectedVersion) {
      fail('CONFLICT', `doctor ${id} is at version ${doctor.version}, not ${expectedVersion}`);
    }
    return doctor;
  };
  const byKey = (state: State, key: string): Appointment | undefined =>
    Object.values(state.appointments).find((a) => a.idempotencyKey === key);
  /** Refuses an appointment that overlaps an active one of its doctor (`SLOT_TAKEN`) or whose id exists (`CONFLICT`). */
  const checkInsertable = (state: State, appointment: Appointment, ignoreId?: string): void => {
    for (const other of Object.values(state.appointments)) {
      if (other.doctorId === appointment.doctorId && other.status === 'booked' && other.id !== ignoreId && overlaps(other, appointment)) {
        fail('SLOT_TAKEN', `doctor ${appointment.doctorId} already has an appointment then`);
      }
    }
    if (state.appointments[appointment.id] !== undefined) fail('CONFLICT', `appointment ${appointment.id} already exists`);
  };
  const changeable = (state: State, id: string, expectedStatus: Appointment['status']): Appointment => {
    const appointment = state.appointments[id] ?? fail('APPOINTMENT_NOT_FOUND', `no appointment ${id}`);
    if (appointment.status !== expectedStatus) fail('NOT_ACTIVE', `appointment ${id} is ${appointment.status}`);
    return appointment;
  };

  const repository: SchedulingRepository = {
    capabilities: { concurrentWriters: 'process' },

    createDoctor: (doctor: Doctor) =>
      writing((state) => {
        if (state.doctors[doctor.id] !== undefined) fail('CONFLICT', `doctor ${doctor.id} already exists`);
        state.doctors[doctor.id] = doctor;
      }),

    getDoctor: (id: string) => reading((state) => state.doctors[id]),

    listDoctors: (query: DoctorListQuery) =>
      reading((state): Page<Doctor> => {
        const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, 1)[0]!;
        const ids = Object.keys(state.doctors)
          .filter((id) => after === undefined || id > after)
          .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        const items = ids.slice(0, query.limit).map((id) => state.doctors[id]!);
        const last = items.at(-1);
        return ids.length > query.limit && last !== undefined ? { items, nextCursor: encodeCursor([last.id]) } : { items };
      }),

    updateDoctor: (doctor: Doctor, expectedVersion: number) =>
      writing((state) => {
        doctorOf(state, doctor.id, expectedVersion);
        state.doctors[doctor.id] = doctor;
      }),

    deleteDoctor: (id: string, options: { activeAfter: string; expectedVersion?: number }) =>
      writing((state) => {
        doctorOf(state, id, options.expectedVersion);
        const busy = Object.values(state.appointments).some(
          (a) => a.doctorId === id && a.status === 'booked' && a.end > options.activeAfter,
        );
        if (busy) fail('DOCTOR_HAS_APPOINTMENTS', `doctor ${id} has active appointments after ${options.activeAfter}`);
        delete state.doctors[id];
      }),

    insertAppointment: (appointment: Appointment, options: InsertOptions = {}) =>
      writing((state) => {
        doctorOf(state, appointment.doctorId, options.doctorVersion);
        const earlier = appointment.idempotencyKey === undefined ? undefined : byKey(state, appointment.idempotencyKey);
        if (earlier !== undefined) return earlier;
        checkInsertable(state, appointment);
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
          .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        const items = matching.slice(0, query.limit);
        const last = items.at(-1);
        return matching.length > query.limit && last !== undefined
          ? { items, nextCursor: encodeCursor([last.start, last.id]) }
          : { items };
      }),

    findAppointmentByIdempotencyKey: (key: string) => reading((state) => byKey(state, key)),

    changeAppointmentStatus: (change: StatusChange) =>
      writing((state) => {
        const appointment = changeable(state, change.id, change.expectedStatus);
        if (!canTransition(appointment.status, change.status)) {
          fail('NOT_ACTIVE', `appointment ${change.id} cannot move from ${appointment.status} to ${change.status}`);
        }
        appointment.status = change.status;
        appointment.updatedAt = change.at;
        if (change.cancellationReason !== undefined) appointment.cancellationReason = change.cancellationReason;
        return appointment;
      }),

    rescheduleAppointment: (reschedule: Reschedule) =>
      writing((state) => {
        const old = changeable(state, reschedule.fromId, 'booked');
        const replacement = reschedule.replacement;
        doctorOf(state, replacement.doctorId, reschedule.doctorVersion);
        if (replacement.idempotencyKey !== undefined && byKey(state, replacement.idempotencyKey) !== undefined) {
          fail('CONFLICT', `idempotency key ${replacement.idempotencyKey} was used before`);
        }
        checkInsertable(state, replacement, old.id);
        old.status = 'cancelled';
        old.updatedAt = reschedule.at;
        old.rescheduledTo = replacement.id;
        state.appointments[replacement.id] = replacement;
        return { cancelled: old, booked: replacement };
      }),
  };

  return repository;
}
