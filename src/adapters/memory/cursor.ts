import { SchedulingError } from '../../domain/errors.js';

/**
 * Encodes the key of the last item of a page as an opaque cursor: base64url of its JSON.
 *
 * @internal
 */
export function encodeCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor made by {@link encodeCursor} into a key of `length` strings; anything else is
 * refused with `VALIDATION_FAILED`.
 *
 * @internal
 */
export function decodeCursor(cursor: string, length: number): string[] {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (cause) {
    throw new SchedulingError('VALIDATION_FAILED', 'invalid cursor: it was not made by this repository', { cause });
  }
  if (!Array.isArray(key) || key.length !== length || !key.every((part) => typeof part === 'string')) {
    throw new SchedulingError('VALIDATION_FAILED', 'invalid cursor: it was not made by this repository');
  }
  return key as string[];
}
