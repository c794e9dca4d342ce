/**
 * The rule for free text (names, addresses, patient references, reasons): 1 to 1,000 UTF-16
 * units, not blank, no NUL character, well-formed Unicode. PostgreSQL can store neither a NUL
 * nor a lone surrogate, so every adapter can store what passes.
 *
 * @internal
 */
export const MAX_TEXT_LENGTH = 1000;

/**
 * Whether a string is well-formed Unicode: no half of a surrogate pair without its other half
 * (`String.prototype.isWellFormed`).
 *
 * @internal
 */
export function isWellFormedText(text: string): boolean {
  return text.isWellFormed();
}

/**
 * The rule's checks beyond length, each with the message of a refusal, in the order they are
 * reported. The length is checked by the schema (zod reports it with its own issue code).
 *
 * @internal
 */
export const TEXT_CHECKS: readonly (readonly [check: (text: string) => boolean, message: string])[] = [
  [(text) => text.trim().length > 0, 'must not be blank'],
  [(text) => !text.includes('\u0000'), 'must not contain a NUL character'],
  [isWellFormedText, 'must be well-formed Unicode (no lone surrogate)'],
];
