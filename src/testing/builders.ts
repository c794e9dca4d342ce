import { AppointmentSchema, type Appointment } from '../schemas/appointment.js';
import { DoctorSchema, type Doctor } from '../schemas/doctor.js';
import { HoldSchema, type Hold } from '../schemas/hold.js';
import { parseInput } from '../schemas/parse.js';

const CREATED_AT = '2030-01-01T00:00:00.000Z';
const DEFAULT_START = '2030-01-07T09:00:00.000Z';
const DEFAULT_LENGTH_MS = 30 * 60_000;
const DEFAULT_HOLD_TTL_MS = 10 * 60_000;

/** `start` plus the default length, or `start` itself when it is not an instant (the schema then refuses it). */
const endAfter = (start: string): string => {
  const startMs = Date.parse(start);
  return Number.isNaN(startMs) ? start : new Date(startMs + DEFAULT_LENGTH_MS).toISOString();
};

/** Drops the keys whose value is `undefined`, so that optional keys are absent, not undefined. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * A valid, normalised {@link Doctor} for tests: `doctor-1`, Europe/London, two locations
 * (`location-1`, `location-2`), open Monday to Friday 09:00-17:00, 30-minute slots, version 1.
 * `overrides` replace those fields; a field set to `undefined` is left out.
 *
 * @param overrides - fields to change
 * @returns a new doctor, validated by `DoctorSchema` (instants normalised to UTC)
 * @throws SchedulingError `VALIDATION_FAILED` when the result is not a valid doctor
 *
 * @example
 * ```ts
 * import { aDoctor } from 'clinic-slots/testing';
 * const doctor = aDoctor({ id: 'dr-b', name: "Ann O'Neil" });
 * doctor.version; // 1
 * ```
 */
export function aDoctor(overrides: Partial<Doctor> = {}): Doctor {
  const hours = [{ start: '09:00', end: '17:00' }];
  const doctor: Doctor = {
    id: 'doctor-1',
    name: 'Jane Wright',
    timeZone: 'Europe/London',
    locations: [
      { id: 'location-1', address: '1 Park St' },
      { id: 'location-2', address: '2 University Ave' },
    ],
    schedule: { monday: hours, tuesday: hours, wednesday: hours, thursday: hours, friday: hours },
    overrides: [],
    rules: { slotLength: 'PT30M' },
    version: 1,
    createdAt: CREATED_AT,
    updatedAt: CREATED_AT,
  };
  return parseInput(DoctorSchema, withoutUndefined({ ...doctor, ...overrides }), 'test doctor');
}

/**
 * A valid, normalised `booked` {@link Appointment} for tests: `appointment-1` of `doctor-1` at
 * `location-1`, 2030-01-07 09:00-09:30 UTC. `overrides` replace those fields; when `start` is
 * given without `end`, the appointment lasts 30 minutes. A field set to `undefined` is left out.
 *
 * @param overrides - fields to change
 * @returns a new appointment, validated by `AppointmentSchema` (instants normalised to UTC)
 * @throws SchedulingError `VALIDATION_FAILED` when the result is not a valid appointment
 *
 * @example
 * ```ts
 * import { anAppointment } from 'clinic-slots/testing';
 * const appointment = anAppointment({ id: 'a2', start: '2030-01-07T10:00:00Z' });
 * appointment.end; // '2030-01-07T10:30:00.000Z'
 * ```
 */
export function anAppointment(overrides: Partial<Appointment> = {}): Appointment {
  const start = overrides.start ?? DEFAULT_START;
  const end = endAfter(start);
  const appointment: Appointment = {
    id: 'appointment-1',
    doctorId: 'doctor-1',
    locationId: 'location-1',
    start,
    end,
    patientRef: 'patient/1',
    status: 'booked',
    createdAt: CREATED_AT,
    updatedAt: CREATED_AT,
  };
  return parseInput(AppointmentSchema, withoutUndefined({ ...appointment, ...overrides }), 'test appointment');
}

/**
 * A valid, normalised `held` {@link Hold} for tests: `hold-1` of `doctor-1` at `location-1`,
 * 2030-01-07 09:00-09:30 UTC, created 2030-01-01T00:00Z (the `createdAt` of {@link anAppointment}
 * too) and expiring 10 minutes later, with no patient yet. `overrides` replace those fields; when
 * `start` is given without `end`, the hold lasts 30 minutes; when `createdAt` is given without
 * `expiresAt`, it expires 10 minutes after it, and `updatedAt` defaults to `createdAt`. A field
 * set to `undefined` is left out.
 *
 * @param overrides - fields to change
 * @returns a new hold, validated by `HoldSchema` (instants normalised to UTC)
 * @throws SchedulingError `VALIDATION_FAILED` when the result is not a valid hold
 *
 * @example
 * ```ts
 * import { aHold } from 'clinic-slots/testing';
 * const hold = aHold({ id: 'h2', createdAt: '2030-01-01T08:00:00Z' });
 * hold.expiresAt; // '2030-01-01T08:10:00.000Z'
 * ```
 */
export function aHold(overrides: Partial<Hold> = {}): Hold {
  const start = overrides.start ?? DEFAULT_START;
  const createdAt = overrides.createdAt ?? CREATED_AT;
  const createdMs = Date.parse(createdAt);
  const hold: Hold = {
    id: 'hold-1',
    doctorId: 'doctor-1',
    locationId: 'location-1',
    start,
    end: endAfter(start),
    status: 'held',
    expiresAt: Number.isNaN(createdMs) ? createdAt : new Date(createdMs + DEFAULT_HOLD_TTL_MS).toISOString(),
    createdAt,
    updatedAt: createdAt,
  };
  return parseInput(HoldSchema, withoutUndefined({ ...hold, ...overrides }), 'test hold');
}
