import { SchedulingError } from './errors.js';

/**
 * The appointment lifecycle: statuses, the moves between them, and which status holds time.
 *
 * @packageDocumentation
 */

/**
 * The statuses of an appointment, named after FHIR R4 `Appointment.status` codes:
 * `booked` (holds its time), then `cancelled`, `fulfilled` or `noshow`; `entered-in-error` from
 * any status. Only `booked` holds time; see {@link APPOINTMENT_TRANSITIONS}.
 *
 * @example
 * ```ts
 * import { APPOINTMENT_STATUSES } from 'clinic-slots';
 * APPOINTMENT_STATUSES.includes('noshow'); // true
 * ```
 */
export const APPOINTMENT_STATUSES = ['booked', 'cancelled', 'fulfilled', 'noshow', 'entered-in-error'] as const;

/**
 * An appointment status; see {@link APPOINTMENT_STATUSES}.
 *
 * @example
 * ```ts
 * import type { AppointmentStatus } from 'clinic-slots';
 * const status: AppointmentStatus = 'booked';
 * ```
 */
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/**
 * The one status that holds time. The SQL adapters name it in their partial indexes and
 * constraints; everything in JavaScript asks {@link isActiveStatus}.
 *
 * @internal
 */
export const ACTIVE_STATUS = 'booked' satisfies AppointmentStatus;

/**
 * The status lifecycle as data: for each status, the statuses it may move to. Anything else is
 * refused with `NOT_ACTIVE`.
 *
 * @example
 * ```ts
 * import { APPOINTMENT_TRANSITIONS } from 'clinic-slots';
 * APPOINTMENT_TRANSITIONS.booked; // ['cancelled', 'fulfilled', 'noshow', 'entered-in-error']
 * APPOINTMENT_TRANSITIONS.cancelled; // ['entered-in-error']
 * ```
 */
export const APPOINTMENT_TRANSITIONS: Readonly<Record<AppointmentStatus, readonly AppointmentStatus[]>> = Object.freeze({
  booked: Object.freeze(['cancelled', 'fulfilled', 'noshow', 'entered-in-error'] as const),
  cancelled: Object.freeze(['entered-in-error'] as const),
  fulfilled: Object.freeze(['entered-in-error'] as const),
  noshow: Object.freeze(['entered-in-error'] as const),
  'entered-in-error': Object.freeze([] as const),
});

const isStatus = (value: unknown): value is AppointmentStatus => (APPOINTMENT_STATUSES as readonly unknown[]).includes(value);

/**
 * Tells whether the lifecycle allows moving from one status to another.
 *
 * @param from - the current status
 * @param to - the wanted status
 * @returns true when {@link APPOINTMENT_TRANSITIONS} lists `to` under `from`
 * @throws SchedulingError `VALIDATION_FAILED` when `from` or `to` is not an appointment status
 *
 * @example
 * ```ts
 * import { canTransition } from 'clinic-slots';
 * canTransition('booked', 'fulfilled'); // true
 * canTransition('cancelled', 'booked'); // false
 * ```
 */
export function canTransition(from: AppointmentStatus, to: AppointmentStatus): boolean {
  if (!isStatus(from) || !isStatus(to)) {
    throw new SchedulingError('VALIDATION_FAILED', `canTransition: expected two of ${APPOINTMENT_STATUSES.join(', ')}`);
  }
  return APPOINTMENT_TRANSITIONS[from].includes(to);
}

/**
 * Whether an appointment in this status holds its time (only `booked` does).
 *
 * @param status - an appointment status
 * @returns true for `booked`
 * @throws SchedulingError `VALIDATION_FAILED` when `status` is not an appointment status
 *
 * @example
 * ```ts
 * import { isActiveStatus } from 'clinic-slots';
 * isActiveStatus('booked'); // true
 * isActiveStatus('cancelled'); // false
 * ```
 */
export function isActiveStatus(status: AppointmentStatus): boolean {
  if (!isStatus(status)) throw new SchedulingError('VALIDATION_FAILED', `isActiveStatus: expected one of ${APPOINTMENT_STATUSES.join(', ')}`);
  return status === ACTIVE_STATUS;
}
