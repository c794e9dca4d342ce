import { createMemoryRepository, createScheduler } from 'clinic-slots';
import { aDoctor, anAppointment } from 'clinic-slots/testing';
import { describe, expect, it } from 'vitest';
import { SEED_DOCTORS, seedIfEmpty } from '../src/seed.js';

describe('seedIfEmpty', () => {
  it('creates Jane Wright and Joseph Lister in an empty store', async () => {
    const scheduler = createScheduler({ repository: createMemoryRepository() });
    expect(await seedIfEmpty(scheduler)).toEqual(['dr-wright', 'dr-lister']);
    const wright = await scheduler.getDoctor('dr-wright');
    expect(wright).toMatchObject({ name: 'Jane Wright', timeZone: 'Europe/London', locations: [{ address: '1 Park St' }] });
    const lister = await scheduler.getDoctor('dr-lister');
    expect(lister.locations.map((l) => l.address)).toEqual(['1 Park St', '2 University Ave']);
    for (const doctor of [wright, lister]) {
      for (const day of ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'] as const) {
        expect(doctor.schedule[day], day).toEqual([
          { start: '09:00', end: '12:00' },
          { start: '13:00', end: '17:00' },
        ]);
      }
      expect(doctor.schedule.saturday ?? []).toEqual([]);
      expect(doctor.schedule.sunday ?? []).toEqual([]);
    }
  });

  it('does nothing the second time', async () => {
    const scheduler = createScheduler({ repository: createMemoryRepository() });
    await seedIfEmpty(scheduler);
    expect(await seedIfEmpty(scheduler)).toEqual([]);
    expect((await scheduler.listDoctors()).items).toHaveLength(SEED_DOCTORS.length);
  });

  it('leaves a store that has doctors alone', async () => {
    const scheduler = createScheduler({ repository: createMemoryRepository() });
    await scheduler.createDoctor({ id: 'dr-other', name: 'Other', timeZone: 'UTC', locations: [{ address: 'x' }] });
    expect(await seedIfEmpty(scheduler)).toEqual([]);
    expect((await scheduler.listDoctors()).items.map((d) => d.id)).toEqual(['dr-other']);
  });

  it('does not bring back a removed demo doctor whose appointments are still stored', async () => {
    // Removing doctors keeps their appointments: a store with none of its doctors left is not empty.
    const doctor = aDoctor({ id: 'dr-wright', locations: [{ id: 'park-st', address: '1 Park St' }] });
    const past = anAppointment({ doctorId: 'dr-wright', locationId: 'park-st', start: '2020-01-06T09:00:00Z', status: 'fulfilled' });
    const scheduler = createScheduler({ repository: createMemoryRepository({ doctors: [doctor], appointments: [past] }) });
    await scheduler.removeDoctor('dr-wright');
    expect(await seedIfEmpty(scheduler)).toEqual([]);
    expect((await scheduler.listDoctors()).items).toEqual([]);
  });

  it('tolerates another process seeding at the same time', async () => {
    const scheduler = createScheduler({ repository: createMemoryRepository() });
    const [a, b] = await Promise.all([seedIfEmpty(scheduler), seedIfEmpty(scheduler)]);
    expect([...a, ...b].sort()).toEqual(['dr-lister', 'dr-wright']);
    expect((await scheduler.listDoctors()).items).toHaveLength(2);
  });
});
