import { SchedulingError } from '../domain/errors.js';
import { parseInput } from '../schemas/parse.js';
import { BookingRequestSchema } from '../schemas/requests.js';

/**
 * A booking request as `BookingRequestSchema` outputs it (start normalised to UTC), with the
 * start also in epoch milliseconds.
 *
 * @internal
 */
export interface ReadBookingRequest {
  readonly doctorId: string;
  readonly locationId: string;
  /** `YYYY-MM-DDTHH:mm:ss.sssZ`. */
  readonly start: string;
  /** The same instant, epoch milliseconds. */
  readonly startMs: number;
  readonly patientRef: string;
  readonly idempotencyKey?: string;
}

const ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Days in each month of a common year, January first. */
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The value of two ASCII digits at `i`, or -1. */
function twoDigits(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * The epoch milliseconds of `YYYY-MM-DDTHH:mm:ss.sssZ` or `YYYY-MM-DDTHH:mm:ssZ` with every field
 * in range and the year from 1970 to 9998, else `NaN`. What it reads, `InstantSchema` accepts,
 * and normalises to the same instant.
 */
function canonicalInstantMs(s: string): number {
  const n = s.length;
  if (n !== 24 && n !== 20) return Number.NaN;
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) {
    return Number.NaN;
  }
  if (s.charCodeAt(n - 1) !== 90) return Number.NaN;
  const century = twoDigits(s, 0);
  const yy = twoDigits(s, 2);
  const month = twoDigits(s, 5);
  const day = twoDigits(s, 8);
  const hour = twoDigits(s, 11);
  const minute = twoDigits(s, 14);
  const second = twoDigits(s, 17);
  let ms = 0;
  if (n === 24) {
    if (s.charCodeAt(19) !== 46) return Number.NaN;
    const hundreds = s.charCodeAt(20) - 48;
    const rest = twoDigits(s, 21);
    if (hundreds < 0 || hundreds > 9 || rest < 0) return Number.NaN;
    ms = hundreds * 100 + rest;
  }
  if (century < 0 || yy < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59) {
    return Number.NaN;
  }
  if (second < 0 || second > 59) return Number.NaN;
  const year = century * 100 + yy;
  if (year < 1970 || year > 9998) return Number.NaN;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > MONTH_DAYS[month - 1]! + (month === 2 && leap ? 1 : 0)) return Number.NaN;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}

/**
 * Whether `TextSchema` surely accepts `value`: 1 to 1,000 UTF-16 units, starting with a printable
 * ASCII character other than space (so not blank), no NUL, every surrogate paired.
 */
function isPlainText(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const n = value.length;
  if (n === 0 || n > 1000) return false;
  const first = value.charCodeAt(0);
  if (first <= 0x20 || first >= 0x7f) return false;
  for (let i = 1; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c === 0) return false;
    if (c >= 0xd800 && c <= 0xdfff) {
      if (c >= 0xdc00) return false;
      const next = value.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    }
  }
  return true;
}

const isId = (value: unknown): value is string => typeof value === 'string' && ID.test(value);

/**
 * The quick path of {@link readBookingRequest}: the request when it is a plain object of the
 * schema's keys only, with well-formed ids, a canonical UTC start (`...T09:00:00.000Z` or
 * `...T09:00:00Z`) and plain text; else `undefined`, and the schema decides. Whatever it returns,
 * `BookingRequestSchema` gives the same (a property test holds it to that). A getter that throws
 * propagates.
 *
 * @internal
 */
export function quickBookingRequest(input: unknown): ReadBookingRequest | undefined {
  if (typeof input !== 'object' || input === null || Object.getPrototypeOf(input) !== Object.prototype) return undefined;
  // As zod's strict object does: every enumerable key, own or inherited, must be known.
  for (const key in input) {
    if (key !== 'doctorId' && key !== 'locationId' && key !== 'start' && key !== 'patientRef' && key !== 'idempotencyKey') return undefined;
  }
  const { doctorId, locationId, start, patientRef, idempotencyKey } = input as Record<string, unknown>;
  if (!isId(doctorId) || !isId(locationId) || typeof start !== 'string' || !isPlainText(patientRef)) return undefined;
  if (idempotencyKey !== undefined && !isPlainText(idempotencyKey)) return undefined;
  const startMs = canonicalInstantMs(start);
  if (Number.isNaN(startMs)) return undefined;
  const normalised = start.length === 24 ? start : `${start.slice(0, 19)}.000Z`;
  return idempotencyKey === undefined
    ? { doctorId, locationId, start: normalised, startMs, patientRef }
    : { doctorId, locationId, start: normalised, startMs, patientRef, idempotencyKey };
}

/**
 * Validates a booking request exactly as `parseInput(BookingRequestSchema, ...)` does, without
 * zod for the usual request (see {@link quickBookingRequest}); anything else goes to the schema,
 * which gives the result or `VALIDATION_FAILED` with its issues.
 *
 * @param input - the caller's request
 * @returns the request, start normalised, plus the start in epoch milliseconds
 * @throws SchedulingError `VALIDATION_FAILED` when the schema refuses it, or it cannot be read
 * @internal
 */
export function readBookingRequest(input: unknown): ReadBookingRequest {
  let quick: ReadBookingRequest | undefined;
  try {
    quick = quickBookingRequest(input);
  } catch (cause) {
    throw new SchedulingError('VALIDATION_FAILED', 'invalid booking request: it could not be read', { cause });
  }
  if (quick !== undefined) return quick;
  const request = parseInput(BookingRequestSchema, input, 'booking request');
  return { ...request, startMs: Date.parse(request.start) };
}
