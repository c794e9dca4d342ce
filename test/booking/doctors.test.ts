import { describe, expect, it } from 'vitest';
import { DEFAULT_BOOKING_RULES, createMemoryRepository, createScheduler, fixedClock, type SchedulingRepository } from 'clinic-slots';
import { DR_WRIGHT, NOW, expectCode, monday, setup, setupWithDoctor, snapshot } from './support.js';

describe('createScheduler', () => {
  it('refuses options without a repository, or with a clock that is not one', () => {
    expect(() => createScheduler({} as never)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(() => createScheduler({ repository: createMemoryRepository(), clock: 'now' } as never)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });
  it('makes UUIDs and reads the system clock by default', async () => {
    const scheduler = createScheduler({ repository: createMemoryRepository() });
    const before = Date.now();
    const doctor = await scheduler.createDoctor({ name: 'A', timeZone: 'UTC', locations: [{ address: 'x' }] });
    expect(doctor.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(Date.parse(doctor.createdAt)).toBeGreaterThanOrEqual(before - 1);
  });
  it('turns a clock or an id maker that fails into STORAGE_FAILED', async () => {
    const broken = createScheduler({ repository: createMemoryRepository(), newId: () => 'not an id' });
    await expectCode(broken.createDoctor({ name: 'A', timeZone: 'UTC', locations: [{ address: 'x' }] }), 'STORAGE_FAILED');
    const stopped = createScheduler({ repository: createMemoryRepository(), clock: { now: () => new Date(Number.NaN) } });
    await expectCode(stopped.createDoctor({ name: 'A', timeZone: 'UTC', locations: [{ address: 'x' }] }), 'STORAGE_FAILED');
  });
});

describe('createDoctor', () => {
  it('stores the doctor at version 1 with the clock time, made-up ids, and default rules', async () => {
    const { scheduler, repository } = setup();
    const doctor = await scheduler.createDoctor({ name: 'Joseph Lister', timeZone: 'Europe/London', locations: [{ address: '1 Park St' }] });
    expect(doctor).toEqual({
      id: 'id-1',
      name: 'Joseph Lister',
      timeZone: 'Europe/London',
      locations: [{ id: 'id-2', address: '1 Park St' }],
      schedule: {},
      overrides: [],
      rules: DEFAULT_BOOKING_RULES,
      version: 1,
      createdAt: NOW,
      updatedAt: NOW,
    });
    expect(await repository.getDoctor('id-1')).toEqual(doctor);
  });
  it('keeps the ids it is given', async () => {
    const { doctor } = await setupWithDoctor();
    expect(doctor.id).toBe('dr-wright');
    expect(doctor.locations.map((l) => l.id)).toEqual(['park-st', 'uni']);
  });
  it('refuses a taken id with CONFLICT', async () => {
    const { scheduler } = await setupWithDoctor();
    await expectCode(scheduler.createDoctor(DR_WRIGHT), 'CONFLICT');
  });
  it('refuses a schedule naming an unknown location with VALIDATION_FAILED', async () => {
    const { scheduler, repository } = setup();
    await expectCode(
      scheduler.createDoctor({ ...DR_WRIGHT, schedule: { monday: [{ start: '09:00', end: '10:00', locationIds: ['nowhere'] }] } }),
      'VALIDATION_FAILED',
    );
    expect((await snapshot(repository)).doctors).toEqual([]);
  });
});

describe('getDoctor', () => {
  it('returns the stored doctor', async () => {
    const { scheduler, doctor } = await setupWithDoctor();
    expect(await scheduler.getDoctor('dr-wright')).toEqual(doctor);
  });
  it('refuses an unknown id with DOCTOR_NOT_FOUND', async () => {
    const { scheduler } = setup();
    await expectCode(scheduler.getDoctor('nobody'), 'DOCTOR_NOT_FOUND');
  });
  it('does not share its cache with the caller: changing a returned doctor changes nothing', async () => {
    const { scheduler, doctor } = await setupWithDoctor();
    doctor.schedule.monday = [{ start: '00:00', end: '23:00' }];
    (await scheduler.getDoctor('dr-wright')).rules.slotLength = 'PT1M';
    await expectCode(
      scheduler.book({ doctorId: 'dr-wright', locationId: 'park-st', start: monday('09:01'), patientRef: 'p' }),
      'SLOT_NOT_OFFERED',
    );
  });
});

describe('listDoctors', () => {
  it('pages through doctors by id', async () => {
    const { scheduler } = setup();
    for (const id of ['c', 'a', 'b']) await scheduler.createDoctor({ ...DR_WRIGHT, id });
    const first = await scheduler.listDoctors({ limit: 2 });
    expect(first.items.map((d) => d.id)).toEqual(['a', 'b']);
    const second = await scheduler.listDoctors({ limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((d) => d.id)).toEqual(['c']);
    expect(second.nextCursor).toBeUndefined();
    expect((await scheduler.listDoctors()).items).toHaveLength(3);
  });
  it('refuses a limit above 1,000', async () => {
    const { scheduler } = setup();
    await expectCode(scheduler.listDoctors({ limit: 1001 }), 'VALIDATION_FAILED');
  });
});

describe('updateDoctor', () => {
  it('changes the given facts, bumps the version and the update time', async () => {
    const { scheduler, clock } = await setupWithDoctor();
    clock.advance(60_000);
    const updated = await scheduler.updateDoctor('dr-wright', { version: 1, name: 'Dr Jane Wright', rules: { slotLength: 'PT20M' } });
    expect(updated).toMatchObject({ name: 'Dr Jane Wright', rules: { slotLength: 'PT20M' }, version: 2, createdAt: NOW, updatedAt: '2027-01-01T08:01:00.000Z' });
    expect(await scheduler.getDoctor('dr-wright')).toEqual(updated);
  });
  it('refuses a stale version with CONFLICT and changes nothing', async () => {
    const { scheduler, repository } = await setupWithDoctor();
    await scheduler.updateDoctor('dr-wright', { version: 1, name: 'B' });
    const before = await snapshot(repository);
    await expectCode(scheduler.updateDoctor('dr-wright', { version: 1, name: 'C' }), 'CONFLICT');
    expect(await snapshot(repository)).toEqual(before);
  });
  it('refuses an unknown doctor with DOCTOR_NOT_FOUND', async () => {
    const { scheduler } = setup();
    await expectCode(scheduler.updateDoctor('nobody', { version: 1, name: 'B' }), 'DOCTOR_NOT_FOUND');
  });
  it('refuses a schedule naming an unknown location with VALIDATION_FAILED', async () => {
    const { scheduler } = await setupWithDoctor();
    await expectCode(
      scheduler.updateDoctor('dr-wright', { version: 1, schedule: { friday: [{ start: '09:00', end: '10:00', locationIds: ['x'] }] } }),
      'VALIDATION_FAILED',
    );
  });
});

describe('removeDoctor', () => {
  it('removes a doctor without future appointments; past ones stay', async () => {
    const { scheduler, clock, repository } = await setupWithDoctor();
    const past = await scheduler.book({ doctorId: 'dr-wright', locationId: 'park-st', start: monday('09:00'), patientRef: 'p' });
    clock.set(monday('10:00'));
    await scheduler.removeDoctor('dr-wright');
    await expectCode(scheduler.getDoctor('dr-wright'), 'DOCTOR_NOT_FOUND');
    expect(await repository.getAppointment(past.id)).toEqual(past);
  });
  it('refuses while the doctor has future active appointments, with DOCTOR_HAS_APPOINTMENTS', async () => {
    const { scheduler } = await setupWithDoctor();
    await scheduler.book({ doctorId: 'dr-wright', locationId: 'park-st', start: monday('09:00'), patientRef: 'p' });
    await expectCode(scheduler.removeDoctor('dr-wright'), 'DOCTOR_HAS_APPOINTMENTS');
    expect((await scheduler.getDoctor('dr-wright')).id).toBe('dr-wright');
  });
  it('refuses a stale version with CONFLICT, and an unknown doctor with DOCTOR_NOT_FOUND', async () => {
    const { scheduler } = await setupWithDoctor();
    await expectCode(scheduler.removeDoctor('dr-wright', { version: 7 }), 'CONFLICT');
    await expectCode(scheduler.removeDoctor('nobody'), 'DOCTOR_NOT_FOUND');
  });
  it('forgets the doctor: a booking afterwards gets DOCTOR_NOT_FOUND', async () => {
    const { scheduler } = await setupWithDoctor();
    await scheduler.removeDoctor('dr-wright', { version: 1 });
    await expectCode(
      scheduler.book({ doctorId: 'dr-wright', locationId: 'park-st', start: monday('09:00'), patientRef: 'p' }),
      'DOCTOR_NOT_FOUND',
    );
  });
});

describe('addLocation', () => {
  it('adds a location, with a made-up id when none is given', async () => {
    const { scheduler } = await setupWithDoctor();
    const doctor = await scheduler.addLocation('dr-wright', { address: '3 Harbour Rd' });
    expect(doctor.locations.at(-1)).toEqual({ id: 'id-1', address: '3 Harbour Rd' });
    expect(doctor.version).toBe(2);
  });
  it('refuses an id the doctor already has with CONFLICT', async () => {
    const { scheduler } = await setupWithDoctor();
    await expectCode(scheduler.addLocation('dr-wright', { id: 'uni', address: 'x' }), 'CONFLICT');
  });
  it('honours the version guard', async () => {
    const { scheduler } = await setupWithDoctor();
    await expectCode(scheduler.addLocation('dr-wright', { address: 'x' }, { version: 2 }), 'CONFLICT');
    expect((await scheduler.addLocation('dr-wright', { address: 'x' }, { version: 1 })).version).toBe(2);
  });
});

describe('removeLocation', () => {
  it('removes a location no schedule names and no future appointment uses', async () => {
    const { scheduler } = await setupWithDoctor();
    const doctor = await scheduler.removeLocation('dr-wright', 'uni');
    expect(doctor.locations.map((l) => l.id)).toEqual(['park-st']);
  });
  it('refuses while future active appointments are there, with DOCTOR_HAS_APPOINTMENTS', async () => {
    const { scheduler, clock } = await setupWithDoctor();
    const a = await scheduler.book({ doctorId: 'dr-wright', locationId: 'uni', start: monday('09:00'), patientRef: 'p' });
    await expectCode(scheduler.removeLocation('dr-wright', 'uni'), 'DOCTOR_HAS_APPOINTMENTS');
    await scheduler.cancel(a.id);
    await scheduler.book({ doctorId: 'dr-wright', locationId: 'uni', start: monday('10:00'), patientRef: 'p' });
    clock.set(monday('10:30'));
    expect((await scheduler.removeLocation('dr-wright', 'uni')).locations).toHaveLength(1);
  });
  it('refuses the last location, and one the schedule still names, with VALIDATION_FAILED', async () => {
    const { scheduler } = await setupWithDoctor({
      schedule: { monday: [{ start: '09:00', end: '12:00', locationIds: ['uni'] }] },
    });
    await expectCode(scheduler.removeLocation('dr-wright', 'uni'), 'VALIDATION_FAILED');
    await scheduler.setWeeklySchedule('dr-wright', {});
    await scheduler.setOverrides('dr-wright', [{ kind: 'hours', from: '2027-01-09', intervals: [{ start: '09:00', end: '10:00', locationIds: ['uni'] }] }]);
    await expectCode(scheduler.removeLocation('dr-wright', 'uni'), 'VALIDATION_FAILED');
    await scheduler.removeLocation('dr-wright', 'park-st');
    await expectCode(scheduler.removeLocation('dr-wright', 'uni'), 'VALIDATION_FAILED');
  });
  it('refuses a location the doctor does not have with LOCATION_NOT_SERVED', async () => {
    const { scheduler } = await setupWithDoctor();
    await expectCode(scheduler.removeLocation('dr-wright', 'moon'), 'LOCATION_NOT_SERVED');
  });
});

describe('setWeeklySchedule, setOverrides, setBookingRules', () => {
  it('replace the schedule, the overrides and the rules, one version each', async () => {
    const { scheduler } = await setupWithDoctor();
    const a = await scheduler.setWeeklySchedule('dr-wright', { tuesday: [{ start: '08:00', end: '09:00' }] });
    const b = await scheduler.setOverrides('dr-wright', [{ kind: 'closed', from: '2027-01-05' }], { version: 2 });
    const c = await scheduler.setBookingRules('dr-wright', { slotLength: 'PT15M', minimumNotice: 'PT1H' });
    expect([a.version, b.version, c.version]).toEqual([2, 3, 4]);
    expect(c).toMatchObject({
      schedule: { tuesday: [{ start: '08:00', end: '09:00' }] },
      overrides: [{ kind: 'closed', from: '2027-01-05' }],
      rules: { slotLength: 'PT15M', minimumNotice: 'PT1H' },
    });
  });
  it('refuse a stale version guard with CONFLICT', async () => {
    const { scheduler } = await setupWithDoctor();
    await expectCode(scheduler.setBookingRules('dr-wright', { slotLength: 'PT15M' }, { version: 2 }), 'CONFLICT');
    await expectCode(scheduler.setOverrides('dr-wright', [], { version: 0 }), 'VALIDATION_FAILED');
  });
  it('refuse a write that lost a race with CONFLICT (the version read is the guard)', async () => {
    const inner = createMemoryRepository();
    let racing = true;
    // Another writer changes the doctor between this scheduler's read and its write.
    const repository: SchedulingRepository = {
      ...inner,
      async updateDoctor(doctor, expectedVersion) {
        if (racing) {
          racing = false;
          const stored = (await inner.getDoctor(doctor.id))!;
          await inner.updateDoctor({ ...stored, name: 'someone else', version: stored.version + 1 }, stored.version);
        }
        return inner.updateDoctor(doctor, expectedVersion);
      },
    };
    const scheduler = createScheduler({ repository, clock: fixedClock(NOW) });
    await scheduler.createDoctor(DR_WRIGHT);
    await expectCode(scheduler.setBookingRules('dr-wright', { slotLength: 'PT15M' }), 'CONFLICT');
    expect((await scheduler.getDoctor('dr-wright')).name).toBe('someone else');
  });
});
