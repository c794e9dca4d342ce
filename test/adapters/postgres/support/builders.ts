import type { Appointment, Claim, Doctor, Hold } from 'clinic-slots';

/** A Monday far ahead, as milliseconds. */
const BASE = Date.parse('2031-03-03T08:00:00.000Z');

/** The instant `minutes` after the base instant. */
export function at(minutes: number): string {
  return new Date(BASE + minutes * 60_000).toISOString();
}

/** A valid doctor, with overrides. */
export function aDoctor(id: string, overrides: Partial<Doctor> = {}): Doctor {
  return {
    id,
    name: 'Jane Wright',
    timeZone: 'Europe/London',
    locations: [{ id: 'park-st', address: '1 Park St' }],
    schedule: { monday: [{ start: '09:00', end: '17:00' }] },
    overrides: [],
    rules: { slotLength: 'PT30M' },
    version: 1,
    createdAt: '2031-01-01T00:00:00.000Z',
    updatedAt: '2031-01-01T00:00:00.000Z',
    ...overrides,
  };
}

/** A booked appointment of `doctorId` from `from` to `to` minutes after the base instant. */
export function anAppointment(id: string, doctorId: string, from: number, to: number, overrides: Partial<Appointment> = {}): Appointment {
  return {
    id,
    doctorId,
    locationId: 'park-st',
    start: at(from),
    end: at(to),
    patientRef: `patient/${id}`,
    status: 'booked',
    createdAt: '2031-01-01T00:00:00.000Z',
    updatedAt: '2031-01-01T00:00:00.000Z',
    ...overrides,
  };
}

/**
 * A `held` hold of `doctorId` from `from` to `to` minutes after the base instant, taken at
 * `createdAt` and live until `expiresAt` (both default to the builders' usual creation instant and
 * ten minutes after it).
 */
export function aHold(id: string, doctorId: string, from: number, to: number, overrides: Partial<Hold> = {}): Hold {
  return {
    id,
    doctorId,
    locationId: 'park-st',
    start: at(from),
    end: at(to),
    status: 'held',
    expiresAt: '2031-01-01T00:10:00.000Z',
    createdAt: '2031-01-01T00:00:00.000Z',
    updatedAt: '2031-01-01T00:00:00.000Z',
    ...overrides,
  };
}

/** A claim on lane 0 of a resource from `from` to `to` minutes after the base instant. */
export function aClaim(kind: Claim['kind'], id: string, from: number, to: number, lane = 0): Claim {
  return { kind, id, lane, from: at(from), to: at(to) };
}
