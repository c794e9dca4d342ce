// What the adapters ask of a driver they do not import: its objects are checked by shape, and its
// errors read by their `code`.

/**
 * Whether `value` is an object with a method of each of these names: how an adapter tells that
 * it was given the driver object it declares (it never imports the driver). False, never an
 * exception, for a value whose getters throw.
 *
 * @internal
 */
export function hasMethods(value: unknown, names: readonly string[]): boolean {
  try {
    if (typeof value !== 'object' || value === null) return false;
    const candidate = value as Record<string, unknown>;
    return names.every((name) => typeof candidate[name] === 'function');
  } catch {
    // A proxy or a getter that throws: not a driver object.
    return false;
  }
}

/**
 * The string `code` of a driver error (`SQLITE_BUSY`, a SQLSTATE such as `40001`, ...), if it
 * has one.
 *
 * @internal
 */
export function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}
