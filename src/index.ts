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
  type SchedulingErrorCode,
  type ValidationIssue,
} from './domain/errors.js';

export {
  DurationSchema,
  IdSchema,
  InstantSchema,
  LocalDateSchema,
  LocalTimeSchema,
  TextSchema,
  TimeZoneSchema,
  durationToMinutes,
  localTimeToMinutes,
} from './schemas/primitives.js';

export {
  BookingRulesSchema,
  DEFAULT_BOOKING_RULES,
  DateOverrideSchema,
  DateOverridesSchema,
  DoctorSchema,
  LocationSchema,
  NewDoctorSchema,
  OpenIntervalSchema,
  WEEKDAYS,
  WeeklyScheduleSchema,
  type BookingRules,
  type DateOverride,
  type Doctor,
  type Location,
  type NewDoctor,
  type OpenInterval,
  type Weekday,
  type WeeklySchedule,
} from './schemas/doctor.js';

export {
  APPOINTMENT_STATUSES,
  APPOINTMENT_TRANSITIONS,
  AppointmentSchema,
  canTransition,
  isActiveStatus,
  type Appointment,
  type AppointmentStatus,
} from './schemas/appointment.js';

export { fixedClock, systemClock, type Clock } from './ports/clock.js';

export type {
  AppointmentListQuery,
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
  NewLocation,
  RescheduleRequest,
  RescheduleResult,
  Scheduler,
  SchedulerOptions,
  SlotQuery,
  VersionGuard,
} from './booking/types.js';

export { createScheduler } from './booking/scheduler.js';
export { judgeBooking, type BookingCandidate, type BookingJudgement, type BookingRefusalCode } from './booking/policy.js';

export { createMemoryRepository } from './adapters/memory/memory-repository.js';
export type { MemoryRepositoryOptions } from './adapters/memory/memory-repository-options.js';

export { generateSlots, iterateSlots } from './slots/generate-slots.js';
export { checkSlot } from './slots/check-slot.js';
export { MAX_SLOT_RANGE_DAYS } from './slots/slot-input.js';
export type { BusyInterval, Slot, SlotCheck, SlotCheckInput, SlotGenerationInput } from './slots/types.js';
