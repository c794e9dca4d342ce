import { describe, expect, it } from 'vitest';
import { SchedulingError, judgeBooking, type Appointment, type Doctor } from 'clinic-slots';

const doctor: Doctor = {
  id: 'dr-wright',
  name: 'Jane Wright',
  timeZone: 'America/New_York',
  locations: [
    { id: 'park-st', address: '1 Park St' },
    { id: 'uni', address: '2 University Ave' },
  ],
  schedule: { monday: [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '14:00', locationIds: ['uni'] }] },
  overrides: [],
  rules: { slotLength: 'PT30M', bufferAfter: 'PT15M', minimumNotice: 'PT1H', horizon: 'P30D' },
  version: 1,
  createdAt: '2027-01-01T00:00:00.000Z',
  updatedAt: '2027-01-01T00:00:00.000Z',
};

const NOW = '2027-01-01T00:00:00Z';
const at = (start: string, changes: object = {}) => judgeBooking({ doctor, locationId: 'park-st', start, now: NOW, ...changes });

const appointment = (start: string, end: string, changes: Partial<Appointment> = {}): Appointment => ({
  id: 'a1',
  doctorId: 'dr-wright',
  locationId: 'uni',
  start,
  end,
  patientRef: 'p',
  status: 'booked',
  createdAt: NOW,
  updatedAt: NOW,
  ...changes,
});

describe('judgeBooking', () => {
  it('accepts a published start, local time through the doctor\'s zone, and gives the slot', () => {
    expect(at('2027-01-04T09:00:00-05:00')).toEqual({
      ok: true,
      start: '2027-01-04T14:00:00.000Z',
      end: '2027-01-04T14:30:00.000Z',
      locationIds: ['park-st', 'uni'],
    });
  });
  it('refuses with the code of the first rule broken', () => {
    expect(at('2027-01-04T14:10:00Z')).toEqual({ ok: false, code: 'SLOT_NOT_OFFERED' });
    expect(at('2027-01-04T18:00:00Z')).toEqual({ ok: false, code: 'LOCATION_NOT_SERVED' });
    expect(at('2027-01-04T14:00:00Z', { locationId: 'moon' })).toEqual({ ok: false, code: 'LOCATION_NOT_SERVED' });
    expect(at('2027-01-04T14:00:00Z', { now: '2027-01-04T13:30:00Z' })).toEqual({ ok: false, code: 'TOO_LATE' });
    expect(at('2027-02-08T14:00:00Z')).toEqual({ ok: false, code: 'BEYOND_HORIZON' });
  });
  it('refuses a start whose slot, with the buffers, meets an active appointment, with SLOT_TAKEN', () => {
    const busy = [appointment('2027-01-04T14:30:00.000Z', '2027-01-04T15:00:00.000Z')];
    // With 15 minutes after each appointment, the 14:30 one claims 14:30-15:15; a start claims its
    // slot and 15 minutes after it too, so 14:00 (14:00-14:45) and 15:00 meet it, 15:30 does not.
    expect(at('2027-01-04T15:00:00Z', { appointments: busy })).toEqual({ ok: false, code: 'SLOT_TAKEN' });
    expect(at('2027-01-04T14:00:00Z', { appointments: busy })).toEqual({ ok: false, code: 'SLOT_TAKEN' });
    expect(at('2027-01-04T15:30:00Z', { appointments: busy }).ok).toBe(true);
  });
  it('ignores appointments that hold no time, and the one being moved', () => {
    const cancelled = [appointment('2027-01-04T14:00:00.000Z', '2027-01-04T14:30:00.000Z', { status: 'cancelled' })];
    expect(at('2027-01-04T14:00:00Z', { appointments: cancelled }).ok).toBe(true);
    const moving = [appointment('2027-01-04T14:00:00.000Z', '2027-01-04T14:30:00.000Z')];
    expect(at('2027-01-04T14:00:00Z', { appointments: moving })).toEqual({ ok: false, code: 'SLOT_TAKEN' });
    expect(at('2027-01-04T14:00:00Z', { appointments: moving, freeing: 'a1' }).ok).toBe(true);
  });
  it('does not judge overlaps when no appointments are given (the storage does)', () => {
    expect(at('2027-01-04T14:00:00Z').ok).toBe(true);
  });
  it('throws VALIDATION_FAILED for malformed input', () => {
    const refuse = (candidate: unknown) => {
      expect(() => judgeBooking(candidate as never)).toThrow(SchedulingError);
      expect(() => judgeBooking(candidate as never)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    };
    refuse(undefined);
    refuse({ doctor, locationId: 'park-st', start: 'soon', now: NOW });
    refuse({ doctor: { ...doctor, timeZone: 'Mars/Olympus' }, locationId: 'park-st', start: NOW, now: NOW });
  });
});
