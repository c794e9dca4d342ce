import { parseInput } from '../../schemas/parse.js';
import type { RepositoryCapabilities, SchedulingRepository } from '../../ports/repository.js';
import { MemoryRepositoryOptionsSchema, type MemoryRepositoryOptions } from './memory-repository-options.js';
import { MemoryStore } from './memory-store.js';

const capabilities: RepositoryCapabilities = Object.freeze({ concurrentWriters: 'process' });

/**
 * A {@link SchedulingRepository} that keeps everything in the memory of this process: for tests,
 * demos and single-process tools. Nothing survives the process.
 *
 * Every method checks and changes in one synchronous step, with no `await` in between, so
 * concurrent calls within one process cannot interleave: two overlapping bookings give one
 * success and one `SLOT_TAKEN`. It says so with `capabilities.concurrentWriters: 'process'`; it
 * cannot protect data shared between processes (it shares none).
 *
 * Values are deep-copied (`structuredClone`) on the way in and out, so changing an object you
 * passed in or got back never changes what is stored. Overlap checks are binary searches over
 * each doctor's active appointments, sorted by start; pages are in a stable order (doctors by
 * id, appointments by start then id) with opaque cursors that stay valid while data changes.
 * Beyond the port's contract, a status change the lifecycle does not allow (see
 * `APPOINTMENT_TRANSITIONS`) is refused with `NOT_ACTIVE`, and a cursor it did not make with
 * `VALIDATION_FAILED`.
 *
 * @param options - data to start with; see {@link MemoryRepositoryOptions}
 * @returns a new, independent repository
 * @throws SchedulingError `VALIDATION_FAILED` when `options` is invalid; `CONFLICT`,
 *   `DOCTOR_NOT_FOUND` or `SLOT_TAKEN` when the data to start with breaks the repository's rules
 *
 * @example
 * ```ts
 * import { createMemoryRepository } from 'clinic-slots';
 * const repository = createMemoryRepository();
 * await repository.createDoctor({
 *   id: 'dr-wright', name: 'Jane Wright', timeZone: 'Europe/London',
 *   locations: [{ id: 'park-st', address: '1 Park St' }],
 *   schedule: { monday: [{ start: '09:00', end: '12:00' }] }, overrides: [],
 *   rules: { slotLength: 'PT30M' }, version: 1,
 *   createdAt: '2027-01-01T00:00:00.000Z', updatedAt: '2027-01-01T00:00:00.000Z',
 * });
 * (await repository.getDoctor('dr-wright'))?.name; // 'Jane Wright'
 * ```
 */
export function createMemoryRepository(options: MemoryRepositoryOptions = {}): SchedulingRepository {
  const initial = parseInput(MemoryRepositoryOptionsSchema, options, 'memory repository options');
  const store = new MemoryStore();
  for (const doctor of initial.doctors ?? []) store.createDoctor(doctor);
  for (const appointment of initial.appointments ?? []) store.seedAppointment(appointment);

  // `async` turns every throw into a rejection; the bodies themselves never await.
  return Object.freeze({
    capabilities,
    createDoctor: async (doctor) => store.createDoctor(doctor),
    getDoctor: async (id) => store.getDoctor(id),
    listDoctors: async (query) => store.listDoctors(query),
    updateDoctor: async (doctor, expectedVersion, updateOptions) => store.updateDoctor(doctor, expectedVersion, updateOptions),
    deleteDoctor: async (id, deleteOptions) => store.deleteDoctor(id, deleteOptions),
    insertAppointment: async (appointment, insertOptions) => store.insertAppointment(appointment, insertOptions),
    getAppointment: async (id) => store.getAppointment(id),
    listAppointments: async (query) => store.listAppointments(query),
    findAppointmentByIdempotencyKey: async (key) => store.findAppointmentByIdempotencyKey(key),
    changeAppointmentStatus: async (change) => store.changeAppointmentStatus(change),
    rescheduleAppointment: async (reschedule) => store.rescheduleAppointment(reschedule),
    listClaims: async (query) => store.listClaims(query),
    insertHold: async (hold, holdOptions) => store.insertHold(hold, holdOptions),
    getHold: async (id) => store.getHold(id),
    findHoldByIdempotencyKey: async (key) => store.findHoldByIdempotencyKey(key),
    changeHold: async (change) => store.changeHold(change),
    confirmHold: async (confirmation) => store.confirmHold(confirmation),
  } satisfies SchedulingRepository);
}
