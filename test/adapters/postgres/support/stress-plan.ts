import type { Appointment, Claim, Doctor, Hold } from 'clinic-slots';
import { aDoctor } from './builders.js';

/** The shape of the multi-process stress test. */
export const STRESS = {
  workers: 4,
  connectionsPerWorker: 13,
  /** Slots of `dr-exact` that every worker tries to book, each exactly once; nobody cancels them. */
  contestedSlots: 60,
  /** Doctors whose slots overlap their neighbours (30 minutes long, every 15 minutes), with cancels. */
  churnDoctors: 2,
  churnPositions: 40,
  churnPerWorker: 160,
  /** Starts of `dr-hold` each held by `holdsPerStart` concurrent attempts, spread over the workers. */
  holdStarts: 10,
  holdsPerStart: 50,
  /** Bookings of `dr-buffer` (30 minutes every 15, claiming 5 minutes before and 10 after), with cancels. */
  bufferedPositions: 40,
  bufferedPerWorker: 120,
  /** Doctors whose location `old-site` one worker removes while every worker books there. */
  siteDoctors: 24,
  siteBookingsPerWorker: 1,
} as const;

/** The doctor of the location-removal race: two locations, `main` and `old-site`. */
export function siteDoctor(id: string): Doctor {
  return aDoctor(id, { locations: [{ id: 'main', address: '1 Main St' }, { id: 'old-site', address: '2 Old Rd' }], schedule: {} });
}

/** What a worker acknowledged: bookings, cancels, holds and removals that succeeded, and refusals by code. */
export interface WorkerReport {
  worker: number;
  booked: Array<{ id: string; doctorId: string; locationId: string; start: string; end: string }>;
  cancelled: string[];
  held: Array<{ id: string; start: string }>;
  /** Doctors whose `old-site` this worker removed. */
  removed: string[];
  refusals: Record<string, number>;
  /** Any refusal other than the ones a task expects: must stay empty. */
  unexpected: string[];
}

const BASE = Date.parse('2031-06-02T08:00:00.000Z');

/** The instant `minutes` after the base instant. */
export function stressInstant(minutes: number): string {
  return new Date(BASE + minutes * 60_000).toISOString();
}

/** The instant every stress write is made at: a day before the base instant. */
export const STRESS_NOW = stressInstant(-24 * 60);

/** A booked appointment `length` minutes long, `minutes` after the base instant. */
export function stressAppointment(id: string, doctorId: string, minutes: number, length: number, locationId = 'main'): Appointment {
  const start = stressInstant(minutes);
  return {
    id,
    doctorId,
    locationId,
    start,
    end: stressInstant(minutes + length),
    patientRef: `patient/${id}`,
    status: 'booked',
    createdAt: start,
    updatedAt: start,
  };
}

/** A hold of `dr-hold`, 30 minutes from `minutes` after the base instant, live for a day from {@link STRESS_NOW}. */
export function stressHold(id: string, minutes: number): Hold {
  return {
    id,
    doctorId: 'dr-hold',
    locationId: 'main',
    start: stressInstant(minutes),
    end: stressInstant(minutes + 30),
    status: 'held',
    expiresAt: stressInstant(0),
    createdAt: STRESS_NOW,
    updatedAt: STRESS_NOW,
  };
}

/** The claim of a buffered booking: its doctor from 5 minutes before it until 10 after. */
export function bufferedClaim(appointment: Appointment): Claim {
  const minutes = (instant: string) => (Date.parse(instant) - BASE) / 60_000;
  return { kind: 'doctor', id: appointment.doctorId, lane: 0, from: stressInstant(minutes(appointment.start) - 5), to: stressInstant(minutes(appointment.end) + 10) };
}
