import { SchedulingError } from '../../domain/errors.js';

/** What one part of a cursor's key is: any string, or a safe integer. @internal */
export type CursorPart = 'string' | 'integer';

/** The key a cursor of the given parts holds, part by part. @internal */
export type CursorKey<P extends readonly CursorPart[]> = { -readonly [I in keyof P]: P[I] extends 'integer' ? number : string };

/**
 * The refusal of a cursor the repository did not make: `VALIDATION_FAILED`.
 *
 * @internal
 */
export function invalidCursor(cause?: unknown): SchedulingError {
  return new SchedulingError('VALIDATION_FAILED', 'invalid cursor: it was not made by this repository', cause === undefined ? {} : { cause });
}

/**
 * Encodes the key of the last item of a page as an opaque cursor: base64url of its JSON.
 *
 * @internal
 */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

const fits = (value: unknown, part: CursorPart): boolean =>
  part === 'integer' ? Number.isSafeInteger(value) : typeof value === 'string';

/**
 * Decodes a cursor made by {@link encodeCursor} into a key of the given parts; anything else is
 * refused with {@link invalidCursor}.
 *
 * @internal
 */
export function decodeCursor<const P extends readonly CursorPart[]>(cursor: string, parts: P): CursorKey<P> {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (cause) {
    throw invalidCursor(cause);
  }
  if (!Array.isArray(key) || key.length !== parts.length || !parts.every((part, i) => fits(key[i], part))) throw invalidCursor();
  return key as CursorKey<P>;
}
