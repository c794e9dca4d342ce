import { describe, expect, it } from 'vitest';
import { createMemoryRepository, createScheduler, fixedClock, type BookingRequest } from 'clinic-slots';
import { DR_WRIGHT, NOW, countingRepository, expectCode, monday, setupWithDoctor, snapshot } from './support.js';

const request = (changes: Partial<BookingRequest> = {}): BookingRequest => ({
  doctorId: 'dr-wright',
  locationId: 'park-st',
  start: monday('09:00'),
  patientRef: 'patient/42',
  ...changes,
});

describe('getAppointment', () => {
  it('returns the appointment, or APPOINTMENT_NOT_FOUND', async () => {
    const { scheduler } = await setupWithDoctor();
    const a = await scheduler.book(request());
    expect(await scheduler.getAppointment(a.id)).toEqual(a);
    await expectCode(scheduler.getAppointment('nope'), 'APPOINTMENT_NOT_FOUND');
    await expectCode(scheduler.getAppointment(''), 'VALIDATION_FAILED');
  });
});

describe('listAppointments', () => {
  it('lists by range and status, in start order, a page at a time', async () => {
    const { scheduler } = await setupWithDoctor();
    const late = await scheduler.book(request({ start: monday('11:00') }));
    const early = await scheduler.book(request({ start: monday('09:00') }));
    const middle = await scheduler.book(request({ start: monday('10:00') }));
    await scheduler.cancel(middle.id);

    const all = await scheduler.listAppointments({ doctorId: 'dr-wright' });
    expect(all.items.map((a) => a.id)).toEqual([early.id, middle.id, late.id]);
    const booked = await scheduler.listAppointments({ doctorId: 'dr-wright', statuses: ['booked'] });
    expect(booked.items.map((a) => a.id)).toEqual([early.id, late.id]);
    const ranged = await scheduler.listAppointments({ doctorId: 'dr-wright', from: monday('09:30'), to: monday('11:00') });
    expect(ranged.items.map((a) => a.id)).toEqual([middle.id]);

    const first = await scheduler.listAppointments({ doctorId: 'dr-wright', limit: 2 });
    expect(first.items.map((a) => a.id)).toEqual([early.id, middle.id]);
    const second = await scheduler.listAppointments({ doctorId: 'dr-wright', limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((a) => a.id)).toEqual([late.id]);
    expect(second.nextCursor).toBeUndefined();
  });
  it('returns at most 100 by default', async () => {
    const { scheduler } = await setupWithDoctor({
      schedule: { monday: [{ start: '00:00', end: '24:00' }] },
      rules: { slotLength: 'PT5M' },
    });
    for (let i = 0; i < 101; i++) {
      await scheduler.book(request({ start: new Date(Date.parse(monday('00:00')) + i * 300_000).toISOString() }));
    }
    const page = await scheduler.listAppointments({ doctorId: 'dr-wright' });
    expect(page.items).toHaveLength(100);
    expect(page.nextCursor).toBeDefined();
  });
  it('refuses a limit above 1,000 and an empty status list with VALIDATION_FAILED', async () => {
    const { scheduler } = await setupWithDoctor();
    await expectCode(scheduler.listAppointments({ doctorId: 'dr-wright', limit: 1001 }), 'VALIDATION_FAILED');
    await expectCode(scheduler.listAppointments({ doctorId: 'dr-wright', statuses: [] }), 'VALIDATION_FAILED');
  });
});

describe('cancel', () => {
  it('cancels softly: the appointment stays with its reason, and its time is free again', async () => {
    const { scheduler, clock, repository } = await setupWithDoctor();
    const a = await scheduler.book(request());
    clock.advance(1000);
    const cancelled = await scheduler.cancel(a.id, { reason: 'patient called' });
    expect(cancelled).toEqual({ ...a, status: 'cancelled', cancellationReason: 'patient called', updatedAt: '2027-01-01T08:00:01.000Z' });
    expect(await repository.getAppointment(a.id)).toEqual(cancelled);
    expect((await scheduler.book(request({ patientRef: 'next' }))).status).toBe('booked');
  });
  it('is one repository call', async () => {
    const { repository, calls } = countingRepository(createMemoryRepository());
    const scheduler = createScheduler({ repository, clock: fixedClock(NOW) });
    await scheduler.createDoctor(DR_WRIGHT);
    const a = await scheduler.book(request());
    calls.length = 0;
    await scheduler.cancel(a.id);
    expect(calls).toEqual(['changeAppointmentStatus']);
  });
  it('refuses an appointment that is not booked with NOT_ACTIVE, and an unknown one with APPOINTMENT_NOT_FOUND', async () => {
    const { scheduler } = await setupWithDoctor();
    const a = await scheduler.book(request());
    await scheduler.cancel(a.id);
    await expectCode(scheduler.cancel(a.id), 'NOT_ACTIVE');
    await expectCode(scheduler.cancel('nope'), 'APPOINTMENT_NOT_FOUND');
  });
  it('refuses a blank reason with VALIDATION_FAILED and keeps the appointment booked', async () => {
    const { scheduler } = await setupWithDoctor();
    const a = await scheduler.book(request());
    await expectCode(scheduler.cancel(a.id, { reason: ' ' }), 'VALIDATION_FAILED');
    expect((await scheduler.getAppointment(a.id)).status).toBe('booked');
  });
});

describe('markFulfilled, markNoShow, markEnteredInError', () => {
  it('move a booked appointment to fulfilled or noshow, once', async () => {
    const { scheduler } = await setupWithDoctor();
    const a = await scheduler.book(request());
    const b = await scheduler.book(request({ start: monday('10:00') }));
    expect((await scheduler.markFulfilled(a.id)).status).toBe('fulfilled');
    expect((await scheduler.markNoShow(b.id)).status).toBe('noshow');
    await expectCode(scheduler.markNoShow(a.id), 'NOT_ACTIVE');
    await expectCode(scheduler.markFulfilled(b.id), 'NOT_ACTIVE');
    await expectCode(scheduler.markFulfilled('nope'), 'APPOINTMENT_NOT_FOUND');
  });
  it('mark any appointment entered-in-error, but only once', async () => {
    const { scheduler } = await setupWithDoctor();
    const booked = await scheduler.book(request());
    const cancelled = await scheduler.cancel((await scheduler.book(request({ start: monday('10:00') }))).id);
    const fulfilled = await scheduler.markFulfilled((await scheduler.book(request({ start: monday('11:00') }))).id);
    for (const a of [booked, cancelled, fulfilled]) {
      expect((await scheduler.markEnteredInError(a.id)).status).toBe('entered-in-error');
      await expectCode(scheduler.markEnteredInError(a.id), 'NOT_ACTIVE');
    }
    await expectCode(scheduler.markEnteredInError('nope'), 'APPOINTMENT_NOT_FOUND');
  });
  it('free the time of a booked appointment marked entered-in-error', async () => {
    const { scheduler } = await setupWithDoctor();
    const a = await scheduler.book(request());
    await scheduler.markEnteredInError(a.id);
    expect((await scheduler.book(request())).status).toBe('booked');
  });
});

describe('reschedule', () => {
  it('books the new time and cancels the old appointment as one unit, linked both ways', async () => {
    const { scheduler, repository } = await setupWithDoctor();
    const old = await scheduler.book(request({ idempotencyKey: 'k' }));
    const { cancelled, booked } = await scheduler.reschedule(old.id, { start: monday('10:00'), locationId: 'uni' });
    expect(booked).toEqual({
      id: 'id-2',
      doctorId: 'dr-wright',
      locationId: 'uni',
      start: monday('10:00'),
      end: monday('10:30'),
      patientRef: 'patient/42',
      status: 'booked',
      createdAt: NOW,
      updatedAt: NOW,
      rescheduledFrom: old.id,
    });
    expect(cancelled).toEqual({ ...old, status: 'cancelled', rescheduledTo: booked.id });
    expect((await snapshot(repository)).appointments).toEqual([cancelled, booked]);
  });
  it('keeps the start or the location that is not given', async () => {
    const { scheduler } = await setupWithDoctor();
    const old = await scheduler.book(request());
    const moved = await scheduler.reschedule(old.id, { locationId: 'uni' });
    expect(moved.booked).toMatchObject({ start: old.start, locationId: 'uni' });
    const later = await scheduler.reschedule(moved.booked.id, { start: monday('11:00') });
    expect(later.booked).toMatchObject({ start: monday('11:00'), locationId: 'uni' });
  });
  it('treats the old appointment\'s time as free: moving by 15 minutes into itself', async () => {
    const { scheduler } = await setupWithDoctor({ rules: { slotLength: 'PT30M', slotStep: 'PT15M', bufferAfter: 'PT15M' } });
    const old = await scheduler.book(request());
    const { booked } = await scheduler.reschedule(old.id, { start: monday('09:15') });
    expect(booked.start).toBe(monday('09:15'));
  });
  it('judges the new time by the booking policy', async () => {
    const { scheduler, repository } = await setupWithDoctor({ rules: { slotLength: 'PT30M', minimumNotice: 'PT1H', horizon: 'P7D' } });
    const old = await scheduler.book(request());
    await scheduler.book(request({ start: monday('10:00') }));
    const before = await snapshot(repository);
    await expectCode(scheduler.reschedule(old.id, { start: monday('10:00') }), 'SLOT_TAKEN');
    await expectCode(scheduler.reschedule(old.id, { start: monday('10:10') }), 'SLOT_NOT_OFFERED');
    await expectCode(scheduler.reschedule(old.id, { locationId: 'moon' }), 'LOCATION_NOT_SERVED');
    await expectCode(scheduler.reschedule(old.id, { start: '2027-01-01T08:30:00Z' }), 'SLOT_NOT_OFFERED');
    await expectCode(scheduler.reschedule(old.id, { start: '2027-01-11T09:00:00Z' }), 'BEYOND_HORIZON');
    expect(await snapshot(repository)).toEqual(before);
  });
  it('refuses a start within the minimum notice with TOO_LATE', async () => {
    const { scheduler, clock } = await setupWithDoctor({ rules: { slotLength: 'PT30M', minimumNotice: 'PT1H' } });
    const old = await scheduler.book(request({ start: monday('11:00') }));
    clock.set(monday('09:15'));
    await expectCode(scheduler.reschedule(old.id, { start: monday('10:00') }), 'TOO_LATE');
    expect((await scheduler.reschedule(old.id, { start: monday('10:30') })).booked.start).toBe(monday('10:30'));
  });
  it('refuses an appointment that is not booked with NOT_ACTIVE, and an unknown one with APPOINTMENT_NOT_FOUND', async () => {
    const { scheduler } = await setupWithDoctor();
    const old = await scheduler.book(request());
    await scheduler.reschedule(old.id, { start: monday('10:00') });
    await expectCode(scheduler.reschedule(old.id, { start: monday('11:00') }), 'NOT_ACTIVE');
    await expectCode(scheduler.reschedule('nope', { start: monday('11:00') }), 'APPOINTMENT_NOT_FOUND');
  });
  it('refuses an empty request with VALIDATION_FAILED', async () => {
    const { scheduler } = await setupWithDoctor();
    const old = await scheduler.book(request());
    await expectCode(scheduler.reschedule(old.id, {}), 'VALIDATION_FAILED');
  });
});
