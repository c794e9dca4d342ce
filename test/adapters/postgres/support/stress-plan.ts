import type { Appointment } from 'clinic-slots';

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
} as const;

/** What a worker acknowledged: bookings that succeeded, cancels that succeeded, refusals by code. */
export interface WorkerReport {
  worker: number;
  booked: Array<{ id: string; doctorId: string; start: string; end: string }>;
  cancelled: string[];
  refusals: Record<string, number>;
  /** Anything other than a `SLOT_TAKEN` refusal: must stay empty. */
  unexpected: string[];
}

const BASE = Date.parse('2031-06-02T08:00:00.000Z');

/** A booked appointment `length` minutes long, `minutes` after the base instant. */
export function stressAppointment(id: string, doctorId: string, minutes: number, length: number): Appointment {
  const start = new Date(BASE + minutes * 60_000).toISOString();
  return {
    id,
    doctorId,
    locationId: 'main',
    start,
    end: new Date(BASE + (minutes + length) * 60_000).toISOString(),
    patientRef: `patient/${id}`,
    status: 'booked',
    createdAt: start,
    updatedAt: start,
  };
}
