import { SchedulingError } from '../../domain/errors.js';

/**
 * Encodes the sort key of the last item of a page as an opaque cursor: base64url of its JSON.
 *
 * @internal
 */
export function encodeSqliteCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

function invalid(cause?: unknown): SchedulingError {
  return new SchedulingError('VALIDATION_FAILED', 'invalid cursor: it was not made by this repository', cause === undefined ? {} : { cause });
}

/**
 * Decodes a cursor of a doctor listing: the id of the last doctor of the previous page.
 *
 * @internal
 */
export function decodeDoctorCursor(cursor: string): string {
  const key = decode(cursor);
  if (key.length !== 1 || typeof key[0] !== 'string') throw invalid();
  return key[0];
}

/**
 * Decodes a cursor of an appointment listing: the start (epoch milliseconds) and id of the last
 * appointment of the previous page.
 *
 * @internal
 */
export function decodeAppointmentCursor(cursor: string): { startMs: number; id: string } {
  const key = decode(cursor);
  const [startMs, id] = key;
  if (key.length !== 2 || !Number.isSafeInteger(startMs) || typeof id !== 'string') throw invalid();
  return { startMs: startMs as number, id };
}

function decode(cursor: string): unknown[] {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (cause) {
    throw invalid(cause);
  }
  if (!Array.isArray(key)) throw invalid();
  return key;
}
