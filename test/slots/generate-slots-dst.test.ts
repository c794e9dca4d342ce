import { describe, expect, it } from 'vitest';
import { checkSlot, generateSlots } from 'clinic-slots';
import { LONG_AGO, at, makeDoctor, startsOf } from './doctor-fixture.js';

const day = (date: string, timeZone: string, schedule: unknown, rules?: unknown) => {
  const doctor = makeDoctor({ timeZone, schedule, rules });
  return startsOf(generateSlots({ doctor, from: at(`${date}T00:00:00Z`) - 86_400_000, to: at(`${date}T00:00:00Z`) + 2 * 86_400_000, now: LONG_AGO }));
};

describe('generateSlots on DST days in America/New_York', () => {
  it('keeps 09:00 at 09:00 local on both sides of the spring change', () => {
    const schedule = { saturday: [{ start: '09:00', end: '10:00' }], sunday: [{ start: '09:00', end: '10:00' }] };
    expect(day('2027-03-14', 'America/New_York', schedule)).toEqual([
      '2027-03-13T14:00:00.000Z',
      '2027-03-13T14:30:00.000Z',
      '2027-03-14T13:00:00.000Z',
      '2027-03-14T13:30:00.000Z',
    ]);
  });

  it('gives 01:00-03:00 one elapsed hour on the spring-forward day and three on the fall-back day', () => {
    const schedule = { sunday: [{ start: '01:00', end: '03:00' }] };
    expect(day('2027-03-14', 'America/New_York', schedule)).toEqual(['2027-03-14T06:00:00.000Z', '2027-03-14T06:30:00.000Z']);
    expect(day('2027-11-07', 'America/New_York', schedule)).toEqual([
      '2027-11-07T05:00:00.000Z', // 01:00 EDT
      '2027-11-07T05:30:00.000Z', // 01:30 EDT
      '2027-11-07T06:00:00.000Z', // 01:00 EST
      '2027-11-07T06:30:00.000Z', // 01:30 EST
      '2027-11-07T07:00:00.000Z', // 02:00 EST
      '2027-11-07T07:30:00.000Z', // 02:30 EST
    ]);
  });

  it('moves a start at the non-existent 02:30 forward by the gap, to 03:30 EDT', () => {
    const doctor = makeDoctor({ timeZone: 'America/New_York', schedule: { sunday: [{ start: '02:30', end: '04:30' }] } });
    const slots = generateSlots({ doctor, from: at('2027-03-14T00:00:00Z'), to: at('2027-03-15T00:00:00Z'), now: LONG_AGO });
    expect(startsOf(slots)).toEqual(['2027-03-14T07:30:00.000Z', '2027-03-14T08:00:00.000Z']);
    expect(checkSlot({ doctor, start: at('2027-03-14T07:30:00Z'), locationId: 'main', now: LONG_AGO }).ok).toBe(true);
    expect(checkSlot({ doctor, start: at('2027-03-14T06:30:00Z'), locationId: 'main', now: LONG_AGO })).toEqual({
      ok: false,
      code: 'SLOT_NOT_OFFERED',
    });
  });

  it('takes the earlier of the two 01:30s on the fall-back day', () => {
    const schedule = { sunday: [{ start: '01:30', end: '02:30' }] };
    expect(day('2027-11-07', 'America/New_York', schedule)).toEqual([
      '2027-11-07T05:30:00.000Z', // 01:30 EDT
      '2027-11-07T06:00:00.000Z', // 01:00 EST
      '2027-11-07T06:30:00.000Z', // 01:30 EST
      '2027-11-07T07:00:00.000Z', // 02:00 EST
    ]);
  });
});
