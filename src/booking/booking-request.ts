import { SchedulingError } from '../domain/errors.js';
import { parseInput } from '../schemas/parse.js';
import { BookingRequestSchema } from '../schemas/requests.js';
import { isId } from '../domain/ids.js';
import { parseCanonicalInstant } from '../time/instant.js';

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
  const startMs = parseCanonicalInstant(start);
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
