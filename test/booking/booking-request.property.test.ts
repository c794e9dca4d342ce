import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BookingRequestSchema, isSchedulingError } from 'clinic-slots';
import { parseInput } from '../../src/schemas/parse.js';
import { quickBookingRequest, readBookingRequest } from '../../src/booking/booking-request.js';
import { runs } from '../support/runs.js';

/** What `parseInput(BookingRequestSchema, ...)` makes of an input: the request, or the error code. */
function byZod(input: unknown): unknown {
  try {
    return parseInput(BookingRequestSchema, input, 'booking request');
  } catch (error) {
    return isSchedulingError(error) ? error.code : `not a SchedulingError: ${String(error)}`;
  }
}

/** What `readBookingRequest` makes of an input, in the same form (its `startMs` checked apart). */
function byReader(input: unknown): unknown {
  try {
    const { startMs, ...request } = readBookingRequest(input);
    expect(startMs).toBe(Date.parse(request.start));
    return request;
  } catch (error) {
    return isSchedulingError(error) ? error.code : `not a SchedulingError: ${String(error)}`;
  }
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** An instant written with the given fields, whatever they are, and the given tail. */
const written = (f: { year: number; month: number; day: number; hour: number; minute: number; second: number; ms: number }, tail: string) =>
  `${pad(f.year, 4)}-${pad(f.month, 2)}-${pad(f.day, 2)}T${pad(f.hour, 2)}:${pad(f.minute, 2)}:${pad(f.second, 2)}${tail.replace('mmm', pad(f.ms, 3))}`;

const dateArb = fc.date({ min: new Date('1969-12-25T00:00:00Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true });

const fieldsOf = (d: Date) => ({
  year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(),
  minute: d.getUTCMinutes(), second: d.getUTCSeconds(), ms: d.getUTCMilliseconds(),
});

/** Fields at the edges of their ranges, or past them. */
const edgeArb = fc.oneof(
  fc.record({ year: fc.constantFrom(1969, 1970, 2000, 2100, 2400, 9998, 9999) }),
  fc.record({ month: fc.constantFrom(0, 1, 2, 12, 13), day: fc.constantFrom(28, 29, 30, 31, 32) }),
  fc.record({ month: fc.constantFrom(2, 4, 6, 9, 11), day: fc.constantFrom(0, 28, 29, 30, 31) }),
  fc.record({ hour: fc.constantFrom(0, 23, 24) }),
  fc.record({ minute: fc.constantFrom(0, 59, 60) }),
  fc.record({ second: fc.constantFrom(0, 59, 60) }),
);

/** What follows the seconds: `mmm` stands for the milliseconds. */
const tailArb = fc.constantFrom('.mmmZ', '.mmmZ', 'Z', '.mmm', '.mmmz', '.mmm+01:00', ' Z', '.mmmZ ');

/** Date-time strings near the edges of what `InstantSchema` accepts. */
const instantArb: fc.Arbitrary<string> = fc.oneof(
  // Real instants, written canonically, without milliseconds, or otherwise.
  {
    weight: 2,
    arbitrary: dateArb.chain((d) =>
      fc.constantFrom(d.toISOString(), d.toISOString().slice(0, 19) + 'Z', d.toISOString().slice(0, 23) + '+00:00', d.toISOString().slice(0, 22) + 'Z'),
    ),
  },
  // A real instant with one field moved to the edge of its range, or past it (drawn most).
  { weight: 4, arbitrary: fc.tuple(dateArb, edgeArb, tailArb).map(([d, edge, tail]) => written({ ...fieldsOf(d), ...edge }, tail)) },
  // Canonical strings with one character replaced.
  {
    weight: 2,
    arbitrary: fc.tuple(dateArb, fc.nat(23), fc.constantFrom('0', '9', 'x', ' ', '-', ':', '.', 'Z', 'T', '/', '\u0663')).map(([d, i, c]) => {
      const s = d.toISOString();
      return s.slice(0, i) + c + s.slice(i + 1);
    }),
  },
  { weight: 1, arbitrary: fc.string() },
);

const validIdArb = fc.constantFrom('dr-wright', 'park-st', 'a', 'A.b_c:d-9', 'x'.repeat(128));
const idArb = fc.oneof(validIdArb, fc.constantFrom('', 'x'.repeat(129), 'a b', '\u00e9', 'a\n'), fc.string());

const validTextArb = fc.constantFrom('patient/42', "O'Brien \u{1FA7A}", 'x'.repeat(1000), 'a\ud83e\ude7a', '~');
const textArb = fc.oneof(
  validTextArb,
  fc.constantFrom('x'.repeat(1001), '', ' ', ' a', '\ta', '\u00a0x', '\ufeff', '\u3000', 'a\u0000b', '\u0000', 'a\ud800', 'a\ud800b', '\udc00a', 'a\udc00', 'a\udc00\udc00', 'a\ud800\ud800', '\u007f'),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.string({ unit: fc.constantFrom('a', ' ', '\t', '\u0000', '\ud800', '\udc00', '\u3000', '\u2028'), maxLength: 6 }),
);

/** A well-formed booking request. */
const validRequestArb = fc.record(
  { doctorId: validIdArb, locationId: validIdArb, start: dateArb.map((d) => d.toISOString()), patientRef: validTextArb, idempotencyKey: validTextArb },
  { requiredKeys: ['doctorId', 'locationId', 'start', 'patientRef'] },
);

type Change = (request: Record<string, unknown>) => Record<string, unknown>;
const FIELDS = ['doctorId', 'locationId', 'start', 'patientRef', 'idempotencyKey'] as const;
const setting = (key: string, value: unknown): Change => (r) => ({ ...r, [key]: value });

/** One field of a request replaced, removed, set to `undefined`, or one key added. */
const changeArb: fc.Arbitrary<Change> = fc.oneof(
  fc.tuple(fc.constantFrom('doctorId', 'locationId'), idArb).map(([k, v]) => setting(k, v)),
  { arbitrary: instantArb.map((v) => setting('start', v)), weight: 4 },
  { arbitrary: fc.tuple(fc.constantFrom('patientRef', 'idempotencyKey'), textArb).map(([k, v]) => setting(k, v)), weight: 2 },
  fc.tuple(fc.constantFrom(...FIELDS), fc.anything()).map(([k, v]) => setting(k, v)),
  fc.constantFrom(...FIELDS).map((k) => setting(k, undefined)),
  fc.constantFrom(...FIELDS).map(
    (k): Change =>
      (r) => {
        const { [k]: _, ...rest } = r;
        return rest;
      },
  ),
  fc.tuple(fc.constantFrom('extra', '__proto__', 'toString', 'constructor'), fc.anything()).map(
    ([k, v]): Change =>
      (r) => {
        const copy = { ...r };
        Object.defineProperty(copy, k, { value: v, enumerable: true, configurable: true, writable: true });
        return copy;
      },
  ),
  fc.constant<Change>((r) => Object.assign(Object.create({ inherited: 1 }) as object, r) as Record<string, unknown>),
  fc.constant<Change>((r) => Object.assign(Object.create(null) as object, r) as Record<string, unknown>),
);

/** Booking requests: well-formed, with one thing wrong (or not), or anything at all. */
const requestArb: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: validRequestArb, weight: 1 },
  { arbitrary: fc.tuple(validRequestArb, changeArb).map(([r, change]) => change(r)), weight: 6 },
  { arbitrary: fc.tuple(validRequestArb, changeArb, changeArb).map(([r, a, b]) => b(a(r))), weight: 2 },
  { arbitrary: fc.anything(), weight: 1 },
);

describe('readBookingRequest', () => {
  it('gives what BookingRequestSchema gives, for any input (property)', () => {
    fc.assert(
      fc.property(requestArb, (input) => {
        expect(byReader(input)).toEqual(byZod(input));
      }),
      { numRuns: runs(3000) },
    );
  });

  it('takes its quick path only for requests BookingRequestSchema accepts, and to the same request (property)', () => {
    fc.assert(
      fc.property(requestArb, (input) => {
        const quick = quickBookingRequest(input);
        if (quick !== undefined) {
          const { startMs, ...request } = quick;
          expect(request).toEqual(byZod(input));
          expect(startMs).toBe(Date.parse(request.start));
        }
      }),
      { numRuns: runs(3000) },
    );
  });

  it('takes its quick path for plain requests with canonical instants', () => {
    const request = { doctorId: 'dr-wright', locationId: 'park-st', start: '2027-01-04T09:00:00.000Z', patientRef: 'patient/42' };
    expect(quickBookingRequest(request)).toEqual({ ...request, startMs: Date.parse(request.start) });
    expect(quickBookingRequest({ ...request, start: '2027-01-04T09:00:00Z', idempotencyKey: 'k-1' })).toEqual({
      ...request,
      idempotencyKey: 'k-1',
      startMs: Date.parse(request.start),
    });
    expect(quickBookingRequest({ ...request, start: '2028-02-29T23:59:59.999Z' })).toBeDefined();
  });

  it('refuses with VALIDATION_FAILED and zod\'s issues what the schema refuses', () => {
    const request = { doctorId: 'dr-wright', locationId: 'park-st', start: '2027-02-29T09:00:00.000Z', patientRef: 'patient/42' };
    try {
      readBookingRequest(request);
      expect.unreachable();
    } catch (error) {
      expect(isSchedulingError(error, 'VALIDATION_FAILED')).toBe(true);
      expect((error as { issues: Array<{ path: unknown[] }> }).issues[0]!.path).toEqual(['start']);
    }
  });

  it('refuses a request whose getter throws with VALIDATION_FAILED, not the getter error', () => {
    const request = { doctorId: 'dr-wright', locationId: 'park-st', start: '2027-01-04T09:00:00.000Z', get patientRef(): string { throw new Error('boom'); } };
    expect(byReader(request)).toBe('VALIDATION_FAILED');
  });
});
