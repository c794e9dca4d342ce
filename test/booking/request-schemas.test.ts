import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import {
  AppointmentQuerySchema,
  BookingRequestSchema,
  CancelOptionsSchema,
  DoctorListRequestSchema,
  DoctorUpdateSchema,
  MAX_SLOT_QUERY_DAYS,
  NewLocationSchema,
  RescheduleRequestSchema,
  SlotQuerySchema,
  VersionGuardSchema,
  type AppointmentQuery,
  type BookingRequest,
  type DoctorUpdate,
  type RescheduleRequest,
  type SlotQuery,
  type VersionGuard,
} from 'clinic-slots';

const DAY = 24 * 60 * 60 * 1000;

describe('request schemas', () => {
  it('accept every value of the matching public types', () => {
    expectTypeOf<SlotQuery>().toExtend<z.input<typeof SlotQuerySchema>>();
    expectTypeOf<BookingRequest>().toExtend<z.input<typeof BookingRequestSchema>>();
    expectTypeOf<RescheduleRequest>().toExtend<z.input<typeof RescheduleRequestSchema>>();
    expectTypeOf<DoctorUpdate>().toExtend<z.input<typeof DoctorUpdateSchema>>();
    expectTypeOf<VersionGuard>().toExtend<NonNullable<z.input<typeof VersionGuardSchema>>>();
    expectTypeOf<AppointmentQuery>().toExtend<z.input<typeof AppointmentQuerySchema>>();
  });

  describe('SlotQuerySchema', () => {
    const from = '2027-01-04T00:00:00.000Z';
    const plus = (ms: number) => new Date(Date.parse(from) + ms).toISOString();

    it('normalises the instants to UTC', () => {
      expect(SlotQuerySchema.parse({ doctorId: 'd', from: '2027-01-04T01:00:00+01:00', to: '2027-01-05T00:00:00Z' })).toEqual({
        doctorId: 'd',
        from,
        to: '2027-01-05T00:00:00.000Z',
      });
    });
    it(`accepts a range of exactly ${MAX_SLOT_QUERY_DAYS} days and refuses a longer one`, () => {
      expect(SlotQuerySchema.safeParse({ doctorId: 'd', from, to: plus(MAX_SLOT_QUERY_DAYS * DAY) }).success).toBe(true);
      expect(SlotQuerySchema.safeParse({ doctorId: 'd', from, to: plus(MAX_SLOT_QUERY_DAYS * DAY + 1) }).success).toBe(false);
    });
    it('refuses an empty or reversed range', () => {
      expect(SlotQuerySchema.safeParse({ doctorId: 'd', from, to: from }).success).toBe(false);
      expect(SlotQuerySchema.safeParse({ doctorId: 'd', from, to: plus(-1) }).success).toBe(false);
    });
    it('refuses unknown keys and instants without an offset', () => {
      expect(SlotQuerySchema.safeParse({ doctorId: 'd', from, to: plus(DAY), extra: 1 }).success).toBe(false);
      expect(SlotQuerySchema.safeParse({ doctorId: 'd', from: '2027-01-04T00:00:00', to: plus(DAY) }).success).toBe(false);
    });
  });

  describe('BookingRequestSchema', () => {
    const request = { doctorId: 'd', locationId: 'l', start: '2027-01-04T09:00:00+00:00', patientRef: 'patient/1' };
    it('normalises the start', () => {
      expect(BookingRequestSchema.parse(request).start).toBe('2027-01-04T09:00:00.000Z');
    });
    it('refuses a blank patient reference, a bad id and a blank idempotency key', () => {
      expect(BookingRequestSchema.safeParse({ ...request, patientRef: '  ' }).success).toBe(false);
      expect(BookingRequestSchema.safeParse({ ...request, doctorId: 'a b' }).success).toBe(false);
      expect(BookingRequestSchema.safeParse({ ...request, idempotencyKey: '' }).success).toBe(false);
    });
  });

  describe('AppointmentQuerySchema', () => {
    it('defaults the limit to 100 and drops duplicate statuses', () => {
      expect(AppointmentQuerySchema.parse({ doctorId: 'd', statuses: ['booked', 'booked', 'cancelled'] })).toEqual({
        doctorId: 'd',
        statuses: ['booked', 'cancelled'],
        limit: 100,
      });
    });
    it('refuses an empty status list, a limit above 1,000 and a reversed range', () => {
      expect(AppointmentQuerySchema.safeParse({ doctorId: 'd', statuses: [] }).success).toBe(false);
      expect(AppointmentQuerySchema.safeParse({ doctorId: 'd', limit: 1001 }).success).toBe(false);
      expect(AppointmentQuerySchema.safeParse({ doctorId: 'd', limit: 0 }).success).toBe(false);
      expect(
        AppointmentQuerySchema.safeParse({ doctorId: 'd', from: '2027-01-02T00:00:00Z', to: '2027-01-01T00:00:00Z' }).success,
      ).toBe(false);
    });
  });

  describe('RescheduleRequestSchema', () => {
    it('needs a new start or a new location', () => {
      expect(RescheduleRequestSchema.safeParse({}).success).toBe(false);
      expect(RescheduleRequestSchema.safeParse({ locationId: 'l2' }).success).toBe(true);
    });
  });

  describe('DoctorUpdateSchema', () => {
    it('needs a version and something to change', () => {
      expect(DoctorUpdateSchema.safeParse({ name: 'x' }).success).toBe(false);
      expect(DoctorUpdateSchema.safeParse({ version: 1 }).success).toBe(false);
      expect(DoctorUpdateSchema.safeParse({ version: 0, name: 'x' }).success).toBe(false);
      expect(DoctorUpdateSchema.safeParse({ version: 1.5, name: 'x' }).success).toBe(false);
      expect(DoctorUpdateSchema.safeParse({ version: 1, name: 'x' }).success).toBe(true);
    });
    it('refuses locations (they change through addLocation and removeLocation)', () => {
      expect(DoctorUpdateSchema.safeParse({ version: 1, locations: [] }).success).toBe(false);
    });
  });

  describe('optional arguments', () => {
    it('default when left out', () => {
      expect(VersionGuardSchema.parse(undefined)).toEqual({});
      expect(CancelOptionsSchema.parse(undefined)).toEqual({});
      expect(DoctorListRequestSchema.parse(undefined)).toEqual({ limit: 100 });
    });
    it('refuse values of the wrong shape', () => {
      expect(VersionGuardSchema.safeParse({ version: '2' }).success).toBe(false);
      expect(VersionGuardSchema.safeParse(null).success).toBe(false);
      expect(CancelOptionsSchema.safeParse({ reason: '' }).success).toBe(false);
      expect(DoctorListRequestSchema.safeParse({ cursor: '' }).success).toBe(false);
      expect(NewLocationSchema.safeParse({ id: 'x' }).success).toBe(false);
    });
  });
});
