/**
 * The value of an `Idempotency-Key` header: an RFC 8941 string (`"abc"`, as the IETF draft
 * specifies) or a bare token (as most clients send it).
 */
export function idempotencyKeyOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const quoted = /^"((?:[^"\\]|\\.)*)"$/.exec(header);
  return quoted ? quoted[1]!.replace(/\\(.)/g, '$1') : header;
}

/** `{ idempotencyKey }` for a request's header, or nothing when it has none. */
export function withIdempotencyKey(header: string | undefined): { idempotencyKey?: string } {
  const idempotencyKey = idempotencyKeyOf(header);
  return idempotencyKey === undefined ? {} : { idempotencyKey };
}
