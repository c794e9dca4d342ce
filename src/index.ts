/**
 * clinic-slots: doctors publish times, patients book only into published times.
 *
 * The core and the in-memory adapter. SQL adapters live in `clinic-slots/sqlite` and
 * `clinic-slots/postgres`; the conformance kit for adapter authors in `clinic-slots/testing`.
 *
 * @packageDocumentation
 */

export {
  SCHEDULING_ERROR_CODES,
  SchedulingError,
  isSchedulingError,
  type ConflictFields,
  type SchedulingErrorCode,
  type SchedulingErrorDetails,
  type SchedulingErrorDetailsOf,
  type SchedulingErrorFields,
  type SchedulingErrorOptions,
  type SlotRefusalFields,
  type ValidationIssue,
} from './domain/errors.js';
export { refusals, type BookingRefusalCode } from './domain/refusals.js';
export { SCHEDULING_ERROR_HTTP, type SchedulingErrorHttp } from './domain/error-http.js';

export {
  DurationSchema,
  IdSchema,
  InstantSchema,
  LocalDateSchema,
  LocalTimeSchema,
  TextSchema,
  TimeZoneSchema,
} from './schemas/primitives.js';

export { durationToMinutes, localTimeToMinutes } from './domain/durations.js';
export { WEEKDAYS, type Weekday } from './domain/doctor.js';
export {
  APPOINTMENT_STATUSES,
  APPOINTMENT_TRANSITIONS,
  canTransition,
  isActiveStatus,
  type AppointmentStatus,
} from './domain/appointment.js';

export {
  BookingRulesSchema,
  DEFAULT_BOOKING_RULES,
  DateOverrideSchema,
  DateOverridesSchema,
  DoctorSchema,
  LocationSchema,
  NewDoctorSchema,
  OpenIntervalSchema,
  WeeklyScheduleSchema,
  type BookingRules,
  type DateOverride,
  type Doctor,
  type Location,
  type NewDoctor,
  type OpenInterval,
  type WeeklySchedule,
} from './schemas/doctor.js';

export { AppointmentSchema, type Appointment } from './schemas/appointment.js';
export { HoldSchema, type Hold } from './schemas/hold.js';
export { HOLD_STATUSES, isLiveHold, type HoldStatus } from './domain/hold.js';
export { CLAIM_KINDS, type Claim, type ClaimKind, type StoredClaim } from './domain/claims.js';

export { fixedClock, systemClock, type Clock } from './ports/clock.js';

export type {
  AppointmentListQuery,
  ClaimQuery,
  DoctorUpdateOptions,
  HoldChange,
  HoldConfirmation,
  HoldInsertOptions,
  DoctorListQuery,
  InsertOptions,
  Page,
  RepositoryCapabilities,
  Reschedule,
  SchedulingRepository,
  StatusChange,
} from './ports/repository.js';

export {
  AppointmentQuerySchema,
  BookingRequestSchema,
  CancelOptionsSchema,
  DEFAULT_PAGE_LIMIT,
  DoctorListRequestSchema,
  DoctorUpdateSchema,
  HoldConfirmRequestSchema,
  HoldRenewalSchema,
  HoldRequestSchema,
  MAX_PAGE_LIMIT,
  MAX_SLOT_QUERY_DAYS,
  NewLocationSchema,
  RescheduleRequestSchema,
  SlotQuerySchema,
  VersionGuardSchema,
} from './schemas/requests.js';

export type {
  AppointmentQuery,
  AvailableSlot,
  BookingRequest,
  CancelOptions,
  DoctorListRequest,
  DoctorUpdate,
  HoldConfirmRequest,
  HoldRenewal,
  HoldRequest,
  NewLocation,
  RescheduleRequest,
  RescheduleResult,
  Scheduler,
  SchedulerOptions,
  SlotQuery,
  VersionGuard,
} from './booking/types.js';

export { createScheduler } from './booking/scheduler.js';
export { SCHEDULER_ERROR_CODES_BY_METHOD, type SchedulerErrorCodeOf } from './booking/scheduler-error-codes.js';
export { judgeBooking, type BookingCandidate, type BookingJudgement } from './booking/policy.js';

export { createMemoryRepository } from './adapters/memory/memory-repository.js';
export type { MemoryRepositoryOptions } from './adapters/memory/memory-repository-options.js';

export { generateSlots, iterateSlots } from './slots/generate-slots.js';
export { checkSlot } from './slots/check-slot.js';
export { CompiledDoctor, compileDoctor } from './slots/compiled-schedule.js';
export { MAX_SLOT_RANGE_DAYS } from './slots/slot-input.js';
export type { BusyInterval, Slot, SlotCheck, SlotCheckInput, SlotGenerationInput } from './slots/types.js';
