import type { core } from 'zod';

/**
 * Every stable error code a {@link SchedulingError} can carry. Codes are API: they do not change
 * between minor versions. Messages are for people and may change at any time.
 *
 * | code | meaning |
 * | --- | --- |
 * | `VALIDATION_FAILED` | the input did not match its schema; `issues` lists what was wrong |
 * | `DOCTOR_NOT_FOUND` | no doctor has that id |
 * | `APPOINTMENT_NOT_FOUND` | no appointment has that id |
 * | `LOCATION_NOT_SERVED` | the doctor has no such location, or the schedule does not offer it then |
 * | `SLOT_NOT_OFFERED` | the start is not a published slot start of the doctor |
 * | `SLOT_TAKEN` | the slot is published, but an active appointment of the doctor overlaps it |
 * | `TOO_LATE` | the start is closer to now than the minimum notice, or in the past |
 * | `BEYOND_HORIZON` | the start is further from now than the booking horizon |
 * | `NOT_ACTIVE` | the appointment's status does not allow that transition |
 * | `IDEMPOTENCY_MISMATCH` | the idempotency key was used before for a different request |
 * | `CONFLICT` | a stale version (optimistic concurrency), or an id that already exists |
 * | `DOCTOR_HAS_APPOINTMENTS` | the doctor, or the location, still has future active appointments |
 * | `STORAGE_FAILED` | the storage failed in a way retries did not cure; nothing was changed, unless the connection was lost while a commit was on its way (retry `book` with its idempotency key) |
 *
 * @example
 * ```ts
 * import { SCHEDULING_ERROR_CODES } from 'clinic-slots';
 * console.log(SCHEDULING_ERROR_CODES.includes('SLOT_TAKEN')); // true
 * ```
 */
export const SCHEDULING_ERROR_CODES = [
  'VALIDATION_FAILED',
  'DOCTOR_NOT_FOUND',
  'APPOINTMENT_NOT_FOUND',
  'LOCATION_NOT_SERVED',
  'SLOT_NOT_OFFERED',
  'SLOT_TAKEN',
  'TOO_LATE',
  'BEYOND_HORIZON',
  'NOT_ACTIVE',
  'IDEMPOTENCY_MISMATCH',
  'CONFLICT',
  'DOCTOR_HAS_APPOINTMENTS',
  'STORAGE_FAILED',
] as const;

/**
 * The union of stable error codes; see {@link SCHEDULING_ERROR_CODES} for what each means.
 *
 * @example
 * ```ts
 * import type { SchedulingErrorCode } from 'clinic-slots';
 * const code: SchedulingErrorCode = 'SLOT_TAKEN';
 * ```
 */
export type SchedulingErrorCode = (typeof SCHEDULING_ERROR_CODES)[number];

/**
 * One problem found while validating input: where it was (`path`) and what was wrong. These are
 * zod's own issues, passed through unchanged.
 *
 * @example
 * ```ts
 * import type { ValidationIssue } from 'clinic-slots';
 * const describe = (issue: ValidationIssue) => `${issue.path.join('.')}: ${issue.message}`;
 * ```
 */
export type ValidationIssue = core.$ZodIssue;

/**
 * The mark every `SchedulingError` carries, on its prototype. `Symbol.for` gives the same symbol
 * to every copy of the library in a process (the ESM and the CommonJS build, or two installed
 * versions), so each copy recognises the errors of the others.
 */
const BRAND = Symbol.for('clinic-slots.SchedulingError');

/**
 * The one error type of the library. Every public entry point throws only this, with a stable
 * {@link SchedulingErrorCode}; branch on `code`, never on `message`.
 *
 * `instanceof SchedulingError` and {@link isSchedulingError} hold for an error thrown by any copy
 * of clinic-slots in the process: the ESM build and the CommonJS build (a host in ESM with a
 * dependency that `require`s the library has both), or two installed versions. Each copy is its
 * own class, so they recognise each other by a mark (`Symbol.for('clinic-slots.SchedulingError')`)
 * rather than by the prototype chain.
 *
 * @example
 * ```ts
 * import { SchedulingError } from 'clinic-slots';
 * try {
 *   throw new SchedulingError('SLOT_TAKEN', 'someone was faster');
 * } catch (error) {
 *   if (error instanceof SchedulingError && error.code === 'SLOT_TAKEN') {
 *     console.log('pick another slot');
 *   }
 * }
 * ```
 */
export class SchedulingError extends Error {
  static {
    Object.defineProperty(this.prototype, BRAND, { value: true });
  }

  /**
   * Makes `error instanceof SchedulingError` true for a `SchedulingError` of any copy of the
   * library (see {@link isSchedulingError}). A subclass keeps the ordinary prototype-chain test.
   *
   * @param value - any value
   * @returns whether `value` is a `SchedulingError` (of this subclass, for a subclass)
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return this === SchedulingError ? isSchedulingError(value) : Function.prototype[Symbol.hasInstance].call(this, value);
  }

  /** The stable code to branch on. */
  readonly code: SchedulingErrorCode;
  /** For `VALIDATION_FAILED`: the zod issues that describe what was wrong. Empty otherwise. */
  readonly issues: readonly ValidationIssue[];

  /**
   * @param code - the stable code
   * @param message - a human-readable explanation (not API)
   * @param options - the validation `issues`, and the underlying `cause`, if any
   */
  constructor(
    code: SchedulingErrorCode,
    message: string,
    options: { issues?: readonly ValidationIssue[]; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SchedulingError';
    this.code = code;
    this.issues = options.issues ?? [];
  }
}

/**
 * Tells whether a value is a {@link SchedulingError}, optionally with the given code. True for an
 * error of any copy of clinic-slots loaded in the process (ESM or CommonJS build, another
 * version): it checks the mark every `SchedulingError` carries, not the prototype chain. Never
 * throws, whatever it is given.
 *
 * @param error - any caught value
 * @param code - when given, the code it must carry
 * @returns true when `error` is a `SchedulingError` (with that code)
 *
 * @example
 * ```ts
 * import { isSchedulingError, SchedulingError } from 'clinic-slots';
 * isSchedulingError(new SchedulingError('CONFLICT', 'stale'), 'CONFLICT'); // true
 * isSchedulingError(new Error('x')); // false
 * ```
 */
export function isSchedulingError(
  error: unknown,
  code?: SchedulingErrorCode,
): error is SchedulingError {
  try {
    return (
      typeof error === 'object' &&
      error !== null &&
      (error as { [BRAND]?: unknown })[BRAND] === true &&
      (code === undefined || (error as SchedulingError).code === code)
    );
  } catch {
    // A proxy or a getter that throws: not one of ours.
    return false;
  }
}
