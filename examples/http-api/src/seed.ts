import { isSchedulingError, type NewDoctor, type Scheduler, type WeeklySchedule } from 'clinic-slots';

const OFFICE_HOURS = [
  { start: '09:00', end: '12:00' },
  { start: '13:00', end: '17:00' },
];

const WEEKDAY_HOURS: WeeklySchedule = {
  monday: OFFICE_HOURS,
  tuesday: OFFICE_HOURS,
  wednesday: OFFICE_HOURS,
  thursday: OFFICE_HOURS,
  friday: OFFICE_HOURS,
};

/** The doctors a fresh store starts with, so that the docs page has something to show. */
export const SEED_DOCTORS: readonly NewDoctor[] = [
  {
    id: 'dr-wright',
    name: 'Jane Wright',
    timeZone: 'Europe/London',
    locations: [{ id: 'park-st', address: '1 Park St' }],
    schedule: WEEKDAY_HOURS,
    rules: { slotLength: 'PT30M', horizon: 'P90D' },
  },
  {
    id: 'dr-lister',
    name: 'Joseph Lister',
    timeZone: 'Europe/London',
    locations: [
      { id: 'park-st', address: '1 Park St' },
      { id: 'university-ave', address: '2 University Ave' },
    ],
    schedule: WEEKDAY_HOURS,
    rules: { slotLength: 'PT30M', horizon: 'P90D' },
  },
];

/**
 * Creates {@link SEED_DOCTORS} when the store is empty, and returns the ids it created. Empty
 * means no doctor at all, and no appointment under a seed doctor's id: removing a doctor keeps
 * their appointments, and creating the doctor again would hand those to a new doctor of the same
 * id. A doctor another process created meanwhile (`CONFLICT` on its fixed id) is skipped.
 */
export async function seedIfEmpty(scheduler: Scheduler): Promise<string[]> {
  const existing = await scheduler.listDoctors({ limit: 1 });
  if (existing.items.length > 0) return [];
  for (const { id } of SEED_DOCTORS) {
    if (id !== undefined && (await scheduler.listAppointments({ doctorId: id, limit: 1 })).items.length > 0) return [];
  }
  const created: string[] = [];
  for (const doctor of SEED_DOCTORS) {
    try {
      created.push((await scheduler.createDoctor(doctor)).id);
    } catch (error) {
      if (!isSchedulingError(error, 'CONFLICT')) throw error;
    }
  }
  return created;
}
