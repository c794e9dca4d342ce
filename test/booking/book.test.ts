import { describe, expect, it } from 'vitest';
import { createMemoryRepository, createScheduler, fixedClock, type BookingRequest } from 'clinic-slots';
import { DR_WRIGHT, NOW, countingRepository, expectCode, monday, setup, setupWithDoctor, snapshot } from './support.js';

const request = (changes: Partial<BookingRequest> = {}): BookingRequest => ({
  doctorId: 'dr-wright',
  locationId: 'park-st',
  start: monday('09:00'),
  patientRef: 'patient/42',
  ...changes,
});

const MONDAY = { doctorId: 'dr-wright', from: monday('00:00'), to: '2027-01-05T00:00:00.000Z' };

describe('findAvailableSlots', () => {
  it('lists the published starts of the range, in order, as UTC instants with their locations', async () => {
    const { scheduler } = await setupWithDoctor();
    const slots = await scheduler.findAvailableSlots(MONDAY);
    expect(slots.map((s) => s.start)).toEqual(['09:00', '09:30', '10:00', '10:30', '11:00', '11:30'].map(monday));
    expect(slots[0]).toEqual({ start: monday('09:00'), end: monday('09:30'), locationIds: ['park-st', 'uni'] });
  });
  it('leaves out booked times and offers cancelled ones again', async () => {
    const { scheduler } = await setupWithDoctor();
    const a = await scheduler.book(request({ start: monday('10:00') }));
    expect((await scheduler.findAvailableSlots(MONDAY)).map((s) => s.start)).not.toContain(monday('10:00'));
    await scheduler.cancel(a.id);
    expect((await scheduler.findAvailableSlots(MONDAY)).map((s) => s.start)).toContain(monday('10:00'));
  });
  it('hides every start whose slot overlaps a booking when the step is shorter than the length', async () => {
    const { scheduler } = await setupWithDoctor({ rules: { slotLength: 'PT30M', slotStep: 'PT15M' } });
    await scheduler.book(request({ start: monday('09:30') }));
    const starts = (await scheduler.findAvailableSlots(MONDAY)).map((s) => s.start);
    expect(starts.slice(0, 3)).toEqual([monday('09:00'), monday('10:00'), monday('10:15')]);
  });
  it('keeps the buffers free around bookings, also those just outside the range', async () => {
    const { scheduler } = await setupWithDoctor({ rules: { slotLength: 'PT30M', bufferAfter: 'PT30M' } });
    await scheduler.book(request({ start: monday('09:00') }));
    const starts = (await scheduler.findAvailableSlots({ ...MONDAY, from: monday('09:30') })).map((s) => s.start);
    expect(starts).toEqual(['10:00', '10:30', '11:00', '11:30'].map(monday));
  });
  it('offers only one location when asked', async () => {
    const { scheduler } = await setupWithDoctor({
      schedule: { monday: [{ start: '09:00', end: '10:00', locationIds: ['uni'] }, { start: '10:00', end: '11:00' }] },
    });
    const slots = await scheduler.findAvailableSlots({ ...MONDAY, locationId: 'park-st' });
    expect(slots.map((s) => s.start)).toEqual([monday('10:00'), monday('10:30')]);
  });
  it('respects minimum notice and horizon', async () => {
    const { scheduler } = await setupWithDoctor({ rules: { slotLength: 'PT30M', minimumNotice: 'PT1H', horizon: 'PT2H' } }, { now: monday('09:00') });
    expect((await scheduler.findAvailableSlots(MONDAY)).map((s) => s.start)).toEqual(['10:00', '10:30', '11:00'].map(monday));
  });
  it(`refuses a range longer than 92 days, or reversed, with VALIDATION_FAILED`, async () => {
    const { scheduler } = await setupWithDoctor();
    await expectCode(scheduler.findAvailableSlots({ ...MONDAY, to: '2027-04-06T00:00:00.001Z' }), 'VALIDATION_FAILED');
    await expectCode(scheduler.findAvailableSlots({ ...MONDAY, to: MONDAY.from }), 'VALIDATION_FAILED');
    // 4 January + 92 days = 6 April: fourteen Mondays of six slots.
    expect(await scheduler.findAvailableSlots({ ...MONDAY, to: '2027-04-06T00:00:00Z' })).toHaveLength(14 * 6);
  });
  it('refuses an unknown doctor with DOCTOR_NOT_FOUND and an unknown location with LOCATION_NOT_SERVED', async () => {
    const { scheduler } = await setupWithDoctor();
    await expectCode(scheduler.findAvailableSlots({ ...MONDAY, doctorId: 'nobody' }), 'DOCTOR_NOT_FOUND');
    await expectCode(scheduler.findAvailableSlots({ ...MONDAY, locationId: 'moon' }), 'LOCATION_NOT_SERVED');
  });
  it('reads the busy times (the doctor\'s live claims) with one range query', async () => {
    const { repository, calls } = countingRepository(createMemoryRepository());
    const scheduler = createScheduler({ repository, clock: fixedClock(NOW) });
    await scheduler.createDoctor(DR_WRIGHT);
    calls.length = 0;
    await scheduler.findAvailableSlots(MONDAY);
    expect(calls).toEqual(['getDoctor', 'listClaims']);
  });
  it('pages through more than 1,000 busy appointments', async () => {
    const { scheduler } = await setupWithDoctor({
      schedule: Object.fromEntries(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((d) => [d, [{ start: '00:00', end: '24:00' }]])),
      rules: { slotLength: 'PT5M' },
    });
    // 288 slots a day: book every one of four days, then list them.
    for (let i = 0; i < 4 * 288 + 1; i++) {
      await scheduler.book(request({ start: new Date(Date.parse(monday('00:00')) + i * 300_000).toISOString(), patientRef: `p${i}` }));
    }
    const slots = await scheduler.findAvailableSlots({ doctorId: 'dr-wright', from: monday('00:00'), to: '2027-01-09T00:00:00Z' });
    expect(slots[0]!.start).toBe('2027-01-08T00:05:00.000Z');
    expect(slots).toHaveLength(287);
  });
});

describe('book', () => {
  it('books a published, free slot', async () => {
    const { scheduler, repository } = await setupWithDoctor();
    const appointment = await scheduler.book(request({ start: '2027-01-04T10:00:00+01:00' }));
    expect(appointment).toEqual({
      id: 'id-1',
      doctorId: 'dr-wright',
      locationId: 'park-st',
      start: monday('09:00'),
      end: monday('09:30'),
      patientRef: 'patient/42',
      status: 'booked',
      createdAt: NOW,
      updatedAt: NOW,
    });
    expect(await repository.getAppointment('id-1')).toEqual(appointment);
  });
  it('rejects a start that was never offered with SLOT_NOT_OFFERED', async () => {
    const { scheduler, repository } = await setupWithDoctor();
    const before = await snapshot(repository);
    await expectCode(scheduler.book(request({ start: monday('09:10') })), 'SLOT_NOT_OFFERED');
    await expectCode(scheduler.book(request({ start: monday('11:45') })), 'SLOT_NOT_OFFERED');
    await expectCode(scheduler.book(request({ start: '2027-01-05T09:00:00Z' })), 'SLOT_NOT_OFFERED');
    expect(await snapshot(repository)).toEqual(before);
  });
  it('rejects a location the doctor lacks, or does not offer then, with LOCATION_NOT_SERVED', async () => {
    const { scheduler } = await setupWithDoctor({ schedule: { monday: [{ start: '09:00', end: '12:00', locationIds: ['uni'] }] } });
    await expectCode(scheduler.book(request({ locationId: 'park-st' })), 'LOCATION_NOT_SERVED');
    await expectCode(scheduler.book(request({ locationId: 'moon' })), 'LOCATION_NOT_SERVED');
  });
  it('rejects a time held by an active appointment with SLOT_TAKEN, at any location', async () => {
    const { scheduler } = await setupWithDoctor();
    await scheduler.book(request());
    await expectCode(scheduler.book(request({ locationId: 'uni', patientRef: 'other' })), 'SLOT_TAKEN');
  });
  it('accepts back-to-back appointments', async () => {
    const { scheduler } = await setupWithDoctor();
    await scheduler.book(request());
    expect((await scheduler.book(request({ start: monday('09:30') }))).start).toBe(monday('09:30'));
  });
  it('rejects a start hidden by a longer slot: 09:00 for 30 minutes with a 15-minute step hides 09:15', async () => {
    const { scheduler } = await setupWithDoctor({ rules: { slotLength: 'PT30M', slotStep: 'PT15M' } });
    await scheduler.book(request());
    await expectCode(scheduler.book(request({ start: monday('09:15') })), 'SLOT_TAKEN');
    expect((await scheduler.book(request({ start: monday('09:30') }))).end).toBe(monday('10:00'));
  });
  it('rejects a start inside a buffer with SLOT_TAKEN', async () => {
    const { scheduler } = await setupWithDoctor({ rules: { slotLength: 'PT30M', bufferBefore: 'PT30M' } });
    await scheduler.book(request({ start: monday('10:00') }));
    await expectCode(scheduler.book(request({ start: monday('09:30') })), 'SLOT_TAKEN');
    expect((await scheduler.book(request({ start: monday('09:00') }))).start).toBe(monday('09:00'));
  });
  it('rejects a start in the past or within the minimum notice with TOO_LATE', async () => {
    const { scheduler } = await setupWithDoctor({ rules: { slotLength: 'PT30M', minimumNotice: 'PT2H' } }, { now: monday('08:00') });
    await expectCode(scheduler.book(request({ start: monday('09:30') })), 'TOO_LATE');
    expect((await scheduler.book(request({ start: monday('10:00') }))).status).toBe('booked');
    const { scheduler: later } = await setupWithDoctor({}, { now: monday('09:01') });
    await expectCode(later.book(request({ start: monday('09:00') })), 'TOO_LATE');
  });
  it('rejects a start beyond the horizon with BEYOND_HORIZON', async () => {
    const { scheduler } = await setupWithDoctor({ rules: { slotLength: 'PT30M', horizon: 'P4D' } });
    await expectCode(scheduler.book(request({ start: '2027-01-11T09:00:00Z' })), 'BEYOND_HORIZON');
    expect((await scheduler.book(request())).status).toBe('booked');
  });
  it('rejects an unknown doctor with DOCTOR_NOT_FOUND', async () => {
    const { scheduler } = setup();
    await expectCode(scheduler.book(request()), 'DOCTOR_NOT_FOUND');
  });
  it('rejects a malformed request with VALIDATION_FAILED', async () => {
    const { scheduler } = await setupWithDoctor();
    await expectCode(scheduler.book(request({ start: 'Monday 9am' })), 'VALIDATION_FAILED');
    await expectCode(scheduler.book({ ...request(), extra: true } as BookingRequest), 'VALIDATION_FAILED');
  });
  it('judges against the doctor as changed by another scheduler on the same storage', async () => {
    const repository = createMemoryRepository();
    const a = createScheduler({ repository, clock: fixedClock(NOW) });
    const b = createScheduler({ repository, clock: fixedClock(NOW) });
    await a.createDoctor(DR_WRIGHT);
    await a.book(request()); // a has the doctor cached
    await b.setWeeklySchedule('dr-wright', { monday: [{ start: '13:00', end: '14:00' }] });
    await expectCode(a.book(request({ start: monday('10:00') })), 'SLOT_NOT_OFFERED');
    expect((await a.book(request({ start: monday('13:00') }))).start).toBe(monday('13:00'));
    await b.setBookingRules('dr-wright', { slotLength: 'PT1H' });
    expect((await a.book(request({ start: '2027-01-11T13:00:00Z' }))).end).toBe('2027-01-11T14:00:00.000Z');
  });
  it('reads the doctor again before refusing on the strength of a cached one', async () => {
    const repository = createMemoryRepository();
    const a = createScheduler({ repository, clock: fixedClock(NOW) });
    const b = createScheduler({ repository, clock: fixedClock(NOW) });
    await a.createDoctor(DR_WRIGHT); // cached by a: open on Mondays only
    await b.setWeeklySchedule('dr-wright', { tuesday: [{ start: '09:00', end: '10:00' }] });
    expect((await a.book(request({ start: '2027-01-05T09:00:00Z' }))).start).toBe('2027-01-05T09:00:00.000Z');
  });
  it('surfaces a duplicate appointment id as CONFLICT', async () => {
    const repository = createMemoryRepository();
    const scheduler = createScheduler({ repository, clock: fixedClock(NOW), newId: () => 'same' });
    await scheduler.createDoctor({ ...DR_WRIGHT, locations: [{ id: 'park-st', address: 'x' }] });
    await scheduler.book(request());
    await expectCode(scheduler.book(request({ start: monday('10:00') })), 'CONFLICT');
  });
  it('turns a repository failure into STORAGE_FAILED with the cause', async () => {
    const inner = createMemoryRepository();
    const boom = new Error('connection lost');
    const scheduler = createScheduler({
      repository: { ...inner, insertAppointment: () => Promise.reject(boom) },
      clock: fixedClock(NOW),
    });
    await scheduler.createDoctor(DR_WRIGHT);
    const error = await expectCode(scheduler.book(request()), 'STORAGE_FAILED');
    expect(error.cause).toBe(boom);
  });

  describe('repository calls', () => {
    const counted = async (changes: Parameters<typeof setupWithDoctor>[0] = {}) => {
      const { repository, calls } = countingRepository(createMemoryRepository());
      const scheduler = createScheduler({ repository, clock: fixedClock(NOW) });
      await scheduler.createDoctor({ ...DR_WRIGHT, ...changes });
      calls.length = 0;
      return { scheduler, calls };
    };
    it('is one insert when the doctor is cached and has no buffers', async () => {
      const { scheduler, calls } = await counted();
      await scheduler.book(request());
      expect(calls).toEqual(['insertAppointment']);
    });
    it('is one insert with an idempotency key too, when the booking succeeds', async () => {
      const { scheduler, calls } = await counted();
      await scheduler.book(request({ idempotencyKey: 'k' }));
      expect(calls).toEqual(['insertAppointment']);
    });
    it('reads the doctor first when it is not cached', async () => {
      const { repository, calls } = countingRepository(createMemoryRepository());
      await createScheduler({ repository, clock: fixedClock(NOW) }).createDoctor(DR_WRIGHT);
      calls.length = 0;
      await createScheduler({ repository, clock: fixedClock(NOW) }).book(request());
      expect(calls).toEqual(['getDoctor', 'insertAppointment']);
    });
    it('reads nothing when the doctor has buffers either: the claims carry them to the storage', async () => {
      const { scheduler, calls } = await counted({ rules: { slotLength: 'PT30M', bufferAfter: 'PT5M' } });
      await scheduler.book(request());
      expect(calls).toEqual(['insertAppointment']);
    });
  });
});

describe('book with an idempotency key', () => {
  it('returns the original appointment for a retry of the same request', async () => {
    const { scheduler, repository } = await setupWithDoctor();
    const first = await scheduler.book(request({ idempotencyKey: 'k1' }));
    const again = await scheduler.book(request({ idempotencyKey: 'k1', start: '2027-01-04T10:00:00+01:00' }));
    expect(again).toEqual(first);
    expect((await snapshot(repository)).appointments).toHaveLength(1);
  });
  it('returns the original even after it was cancelled', async () => {
    const { scheduler } = await setupWithDoctor();
    const first = await scheduler.book(request({ idempotencyKey: 'k1' }));
    const cancelled = await scheduler.cancel(first.id);
    expect(await scheduler.book(request({ idempotencyKey: 'k1' }))).toEqual(cancelled);
  });
  it('returns the original when the clock has moved past the start since', async () => {
    const { scheduler, clock } = await setupWithDoctor();
    const first = await scheduler.book(request({ idempotencyKey: 'k1' }));
    clock.set(monday('09:10'));
    expect(await scheduler.book(request({ idempotencyKey: 'k1' }))).toEqual(first);
  });
  it('fails with IDEMPOTENCY_MISMATCH for the same key with another request', async () => {
    const { scheduler, repository } = await setupWithDoctor();
    await scheduler.book(request({ idempotencyKey: 'k1' }));
    const before = await snapshot(repository);
    await expectCode(scheduler.book(request({ idempotencyKey: 'k1', start: monday('10:00') })), 'IDEMPOTENCY_MISMATCH');
    await expectCode(scheduler.book(request({ idempotencyKey: 'k1', patientRef: 'someone else' })), 'IDEMPOTENCY_MISMATCH');
    await expectCode(scheduler.book(request({ idempotencyKey: 'k1', locationId: 'uni' })), 'IDEMPOTENCY_MISMATCH');
    await expectCode(scheduler.book(request({ idempotencyKey: 'k1', start: monday('09:10') })), 'IDEMPOTENCY_MISMATCH');
    expect(await snapshot(repository)).toEqual(before);
  });
  it('is not the slot-uniqueness mechanism: another key for a taken slot gets SLOT_TAKEN', async () => {
    const { scheduler } = await setupWithDoctor();
    await scheduler.book(request({ idempotencyKey: 'k1' }));
    await expectCode(scheduler.book(request({ idempotencyKey: 'k2' })), 'SLOT_TAKEN');
  });
});
