import type { core } from 'zod';
import type { AppointmentStatus } from './appointment.js';
import type { HoldStatus } from './hold.js';

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
 * | `HOLD_NOT_FOUND` | no hold has that id |
 * | `HOLD_EXPIRED` | the hold is past its `expiresAt`: its time is free again |
 * | `PATIENT_BUSY` | the patient has another appointment or hold then (with the patient-conflict rule on) |
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
  'HOLD_NOT_FOUND',
  'HOLD_EXPIRED',
  'PATIENT_BUSY',
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
 * What each code's {@link SchedulingErrorDetails} carry besides `code`: machine-readable fields,
 * so that a host never parses a message. The library fills every field it names here; an error
 * made by other code (an adapter of your own) may leave the optional ones out.
 *
 * | code | fields |
 * | --- | --- |
 * | `VALIDATION_FAILED` | `issues`: zod's issues |
 * | `DOCTOR_NOT_FOUND` | `doctorId` |
 * | `APPOINTMENT_NOT_FOUND` | `appointmentId` |
 * | `LOCATION_NOT_SERVED` | `doctorId`, `locationId` |
 * | `SLOT_NOT_OFFERED`, `SLOT_TAKEN`, `TOO_LATE`, `BEYOND_HORIZON` | `doctorId`, `start` (the refused start) |
 * | `NOT_ACTIVE` | `appointmentId` and `status` (its status now), or `holdId` and `holdStatus` for a hold |
 * | `IDEMPOTENCY_MISMATCH` | `appointmentId`: the appointment the key made |
 * | `CONFLICT` | `kind`: `'stale-version'` (with `doctorId`, `expectedVersion`, `currentVersion`) or `'already-exists'` (with `subject` and `id`) |
 * | `DOCTOR_HAS_APPOINTMENTS` | `doctorId`, and `locationId` when a location was being removed |
 * | `HOLD_NOT_FOUND` | `holdId` |
 * | `HOLD_EXPIRED` | `holdId`, `expiresAt` |
 * | `PATIENT_BUSY` | `patientRef`, `start` |
 * | `STORAGE_FAILED` | nothing more: the `cause` holds what failed |
 *
 * @example
 * ```ts
 * import type { SchedulingErrorFields } from 'clinic-slots';
 * const stale: SchedulingErrorFields['CONFLICT'] = { kind: 'stale-version', doctorId: 'dr-wright', expectedVersion: 2, currentVersion: 3 };
 * ```
 */
export interface SchedulingErrorFields {
  /** The input did not match its schema. */
  VALIDATION_FAILED: { readonly issues: readonly ValidationIssue[] };
  /** No doctor has that id. */
  DOCTOR_NOT_FOUND: { readonly doctorId?: string };
  /** No appointment has that id. */
  APPOINTMENT_NOT_FOUND: { readonly appointmentId?: string };
  /** The doctor has no such location, or is not seen there then. */
  LOCATION_NOT_SERVED: { readonly doctorId?: string; readonly locationId?: string };
  /** No published slot starts then. */
  SLOT_NOT_OFFERED: SlotRefusalFields;
  /** Another appointment holds that time. */
  SLOT_TAKEN: SlotRefusalFields;
  /** The start is past or within the minimum notice. */
  TOO_LATE: SlotRefusalFields;
  /** The start is beyond the booking horizon. */
  BEYOND_HORIZON: SlotRefusalFields;
  /** The appointment's status does not allow the change. */
  NOT_ACTIVE: {
    readonly appointmentId?: string;
    readonly status?: AppointmentStatus;
    readonly holdId?: string;
    readonly holdStatus?: HoldStatus;
  };
  /** The idempotency key was used for another request. */
  IDEMPOTENCY_MISMATCH: { readonly appointmentId?: string };
  /** A stale version, or an id that exists. */
  CONFLICT: ConflictFields;
  /** The doctor (or the location) still has future active appointments. */
  DOCTOR_HAS_APPOINTMENTS: { readonly doctorId?: string; readonly locationId?: string };
  /** No hold has that id. */
  HOLD_NOT_FOUND: { readonly holdId?: string };
  /** The hold is past its expiry. */
  HOLD_EXPIRED: { readonly holdId?: string; readonly expiresAt?: string };
  /** The patient is busy then. */
  PATIENT_BUSY: { readonly patientRef?: string; readonly start?: string };
  /** The storage failed. */
  STORAGE_FAILED: { readonly [key: string]: never };
}

/**
 * The fields of a refused start: which doctor, and the start (a normalised UTC instant).
 *
 * @example
 * ```ts
 * import type { SlotRefusalFields } from 'clinic-slots';
 * const fields: SlotRefusalFields = { doctorId: 'dr-wright', start: '2027-01-04T09:00:00.000Z' };
 * ```
 */
export interface SlotRefusalFields {
  /** The doctor. */
  readonly doctorId?: string;
  /** The refused start. */
  readonly start?: string;
}

/**
 * The fields of a `CONFLICT`, by `kind`: a stale version (optimistic concurrency), or an id that
 * exists already. An error made by other code may carry no `kind`.
 *
 * @example
 * ```ts
 * import type { ConflictFields } from 'clinic-slots';
 * const retry = (f: ConflictFields) => f.kind === 'stale-version' ? `read version ${f.currentVersion} again` : 'pick another id';
 * ```
 */
export type ConflictFields =
  | {
      /** The doctor changed since it was read. */
      readonly kind: 'stale-version';
      /** The doctor. */
      readonly doctorId?: string;
      /** The version the caller had. */
      readonly expectedVersion?: number;
      /** The version stored now. */
      readonly currentVersion?: number;
    }
  | {
      /** The id is taken. */
      readonly kind: 'already-exists';
      /** What kind of thing has that id. */
      readonly subject?: 'doctor' | 'appointment' | 'hold' | 'location' | 'idempotency-key';
      /** The id. */
      readonly id?: string;
    }
  | {
      /** Made by code that did not say which kind. */
      readonly kind?: undefined;
    };

/**
 * The machine-readable details of a {@link SchedulingError}: a union discriminated by `code`,
 * each with the fields {@link SchedulingErrorFields} lists.
 *
 * @example
 * ```ts
 * import { isSchedulingError } from 'clinic-slots';
 * function currentVersion(error: unknown): number | undefined {
 *   if (!isSchedulingError(error)) return undefined;
 *   const { details } = error;
 *   return details.code === 'CONFLICT' && details.kind === 'stale-version' ? details.currentVersion : undefined;
 * }
 * ```
 */
export type SchedulingErrorDetails = SchedulingErrorDetailsOf<SchedulingErrorCode>;

/**
 * The details of one code; see {@link SchedulingErrorDetails}.
 *
 * @example
 * ```ts
 * import type { SchedulingErrorDetailsOf } from 'clinic-slots';
 * const details: SchedulingErrorDetailsOf<'DOCTOR_NOT_FOUND'> = { code: 'DOCTOR_NOT_FOUND', doctorId: 'dr-wright' };
 * ```
 */
export type SchedulingErrorDetailsOf<C extends SchedulingErrorCode> = { [K in C]: { readonly code: K } & SchedulingErrorFields[K] }[C];

/**
 * What the {@link SchedulingError} constructor takes besides the code and message: the code's
 * fields (see {@link SchedulingErrorFields}; for `VALIDATION_FAILED` they are the `issues`), and
 * the underlying `cause`.
 *
 * @example
 * ```ts
 * import type { SchedulingErrorOptions } from 'clinic-slots';
 * const options: SchedulingErrorOptions<'DOCTOR_NOT_FOUND'> = { details: { doctorId: 'dr-wright' } };
 * ```
 */
export interface SchedulingErrorOptions<C extends SchedulingErrorCode> {
  /** The code's fields, but `issues`. */
  readonly details?: C extends 'VALIDATION_FAILED' ? Record<string, never> : SchedulingErrorFields[C];
  /** For `VALIDATION_FAILED`: the zod issues. */
  readonly issues?: readonly ValidationIssue[];
  /** The underlying error. */
  readonly cause?: unknown;
}

/**
 * The one error type of the library. Every public entry point throws only this, with a stable
 * {@link SchedulingErrorCode}; branch on `code`, never on `message`, and read the fields of
 * `details`.
 *
 * `instanceof SchedulingError` and {@link isSchedulingError} hold for an error thrown by any copy
 * of clinic-slots in the process: the ESM build and the CommonJS build (a host in ESM with a
 * dependency that `require`s the library has both), or two installed versions. Each copy is its
 * own class, so they recognise each other by a mark (`Symbol.for('clinic-slots.SchedulingError')`)
 * rather than by the prototype chain. An error of another version may lack `details` fields this
 * version names.
 *
 * @example
 * ```ts
 * import { SchedulingError } from 'clinic-slots';
 * try {
 *   throw new SchedulingError('SLOT_TAKEN', 'someone was faster', { details: { doctorId: 'dr-wright' } });
 * } catch (error) {
 *   if (error instanceof SchedulingError && error.details.code === 'SLOT_TAKEN') {
 *     console.log(`pick another slot of ${error.details.doctorId}`);
 *   }
 * }
 * ```
 */
export class SchedulingError<out C extends SchedulingErrorCode = SchedulingErrorCode> extends Error {
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
  readonly code: C;
  /** For `VALIDATION_FAILED`: the zod issues that describe what was wrong. Empty otherwise. */
  readonly issues: readonly ValidationIssue[];
  /** The machine-readable details, discriminated by `code`; see {@link SchedulingErrorFields}. */
  readonly details: SchedulingErrorDetailsOf<C>;

  /**
   * @param code - the stable code
   * @param message - a human-readable explanation (not API)
   * @param options - the code's `details` fields, the validation `issues`, and the underlying
   *   `cause`, if any
   */
  constructor(
    code: C,
    message: string,
    options: SchedulingErrorOptions<C> = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SchedulingError';
    this.code = code;
    this.issues = options.issues ?? [];
    this.details = Object.freeze({
      ...options.details,
      ...(code === 'VALIDATION_FAILED' ? { issues: this.issues } : {}),
      code,
    }) as unknown as SchedulingErrorDetailsOf<C>;
  }
}

/**
 * Tells whether a value is a {@link SchedulingError}, optionally with the given code (then its
 * `details` are that code's). True for an error of any copy of clinic-slots loaded in the process
 * (ESM or CommonJS build, another version): it checks the mark every `SchedulingError` carries,
 * not the prototype chain. Never throws, whatever it is given.
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
export function isSchedulingError<C extends SchedulingErrorCode = SchedulingErrorCode>(
  error: unknown,
  code?: C,
): error is SchedulingError<C> {
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
