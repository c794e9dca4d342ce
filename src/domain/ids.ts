/**
 * The identifier rule: ids of doctors, locations and appointments are 1 to 128 letters, digits
 * or `._:-`, so they are safe in a URL path. `IdSchema` applies it; the booking request's quick
 * path and the adapters reuse it.
 *
 * @internal
 */
export const ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/** The message of a refused id. @internal */
export const ID_RULE = 'ids are 1-128 characters of A-Z a-z 0-9 . _ : -';

/**
 * Whether a value is an id by {@link ID_PATTERN}.
 *
 * @internal
 */
export function isId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}
