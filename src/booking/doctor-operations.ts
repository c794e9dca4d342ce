import { SchedulingError } from '../domain/errors.js';
import { refusals } from '../domain/refusals.js';
import {
  BookingRulesSchema,
  DEFAULT_BOOKING_RULES,
  DateOverridesSchema,
  DoctorSchema,
  NewDoctorSchema,
  WeeklyScheduleSchema,
  type Doctor,
} from '../schemas/doctor.js';
import { parseInput } from '../schemas/parse.js';
import { IdSchema } from '../schemas/primitives.js';
import { DoctorListRequestSchema, DoctorUpdateSchema, NewLocationSchema, VersionGuardSchema } from '../schemas/requests.js';
import type { DoctorUpdateOptions } from '../ports/repository.js';
import type { Instant, SchedulerContext } from './scheduler-context.js';
import type { Scheduler } from './types.js';

type DoctorChanges = Partial<Pick<Doctor, 'name' | 'timeZone' | 'locations' | 'schedule' | 'overrides' | 'rules'>>;

/**
 * Creating, reading, changing and removing doctors. Every change is optimistic: it is written
 * only if the doctor still has the version it was read at.
 *
 * @internal
 */
export function doctorOperations(
  ctx: SchedulerContext,
): Pick<
  Scheduler,
  | 'createDoctor'
  | 'getDoctor'
  | 'listDoctors'
  | 'updateDoctor'
  | 'removeDoctor'
  | 'addLocation'
  | 'removeLocation'
  | 'setWeeklySchedule'
  | 'setOverrides'
  | 'setBookingRules'
> {
  const { repository, schedules } = ctx;

  /** Reads the doctor to change, and refuses a stale `version` before writing anything. */
  const readForChange = async (id: string, version: number | undefined): Promise<Doctor> => {
    const current = await ctx.loadDoctor(id);
    if (version !== undefined && version !== current.version) throw refusals.staleVersion(id, { expected: version, current: current.version });
    return current;
  };

  /** The changed doctor, validated as a whole (a schedule must name known locations, ...). */
  const next = (current: Doctor, changes: DoctorChanges, now: Instant): Doctor =>
    parseInput(DoctorSchema, { ...current, ...changes, version: current.version + 1, updatedAt: now.iso }, 'doctor');

  /** Writes the changed doctor if the stored one is still `current`'s version. */
  const write = async (current: Doctor, changed: Doctor, options?: DoctorUpdateOptions): Promise<Doctor> => {
    try {
      await repository.updateDoctor(changed, current.version, options);
    } catch (error) {
      schedules.delete(current.id);
      throw error;
    }
    schedules.of(changed, true);
    return changed;
  };

  /** Reads, changes, validates and writes one doctor. */
  const change = async (id: string, version: number | undefined, changes: (current: Doctor) => DoctorChanges): Promise<Doctor> => {
    const now = ctx.now();
    const current = await readForChange(id, version);
    return write(current, next(current, changes(current), now));
  };

  return {
    async createDoctor(input) {
      const fields = parseInput(NewDoctorSchema, input, 'new doctor');
      const now = ctx.now();
      const doctor = parseInput(
        DoctorSchema,
        {
          id: fields.id ?? ctx.newId(),
          name: fields.name,
          timeZone: fields.timeZone,
          locations: fields.locations.map((l) => ({ id: l.id ?? ctx.newId(), address: l.address })),
          schedule: fields.schedule ?? {},
          overrides: fields.overrides ?? [],
          rules: fields.rules ?? { ...DEFAULT_BOOKING_RULES },
          version: 1,
          createdAt: now.iso,
          updatedAt: now.iso,
        },
        'doctor',
      );
      await repository.createDoctor(doctor);
      schedules.of(doctor, true);
      return doctor;
    },

    async getDoctor(doctorId) {
      return ctx.loadDoctor(parseInput(IdSchema, doctorId, 'doctor id'));
    },

    async listDoctors(query) {
      return repository.listDoctors(parseInput(DoctorListRequestSchema, query, 'doctor list query'));
    },

    async updateDoctor(doctorId, input) {
      const id = parseInput(IdSchema, doctorId, 'doctor id');
      const update = parseInput(DoctorUpdateSchema, input, 'doctor update');
      return change(id, update.version, () => ({
        ...(update.name === undefined ? {} : { name: update.name }),
        ...(update.timeZone === undefined ? {} : { timeZone: update.timeZone }),
        ...(update.schedule === undefined ? {} : { schedule: update.schedule }),
        ...(update.overrides === undefined ? {} : { overrides: [...update.overrides] }),
        ...(update.rules === undefined ? {} : { rules: update.rules }),
      }));
    },

    async removeDoctor(doctorId, guard) {
      const id = parseInput(IdSchema, doctorId, 'doctor id');
      const { version } = parseInput(VersionGuardSchema, guard, 'version guard');
      const now = ctx.now();
      try {
        await repository.deleteDoctor(id, { activeAfter: now.iso, ...(version === undefined ? {} : { expectedVersion: version }) });
      } finally {
        schedules.delete(id);
      }
    },

    async addLocation(doctorId, location, guard) {
      const id = parseInput(IdSchema, doctorId, 'doctor id');
      const added = parseInput(NewLocationSchema, location, 'location');
      const { version } = parseInput(VersionGuardSchema, guard, 'version guard');
      return change(id, version, (current) => {
        if (added.id !== undefined && current.locations.some((l) => l.id === added.id)) {
          throw refusals.alreadyExists('location', added.id);
        }
        return { locations: [...current.locations, { id: added.id ?? ctx.newId(), address: added.address }] };
      });
    },

    async removeLocation(doctorId, locationId, guard) {
      const id = parseInput(IdSchema, doctorId, 'doctor id');
      const removed = parseInput(IdSchema, locationId, 'location id');
      const { version } = parseInput(VersionGuardSchema, guard, 'version guard');
      const now = ctx.now();
      const current = await readForChange(id, version);
      if (!current.locations.some((l) => l.id === removed)) {
        throw refusals.noSuchLocation(id, removed);
      }
      if (current.locations.length === 1) {
        throw new SchedulingError('VALIDATION_FAILED', `location ${removed} is the last location of doctor ${id}`);
      }
      // Validation refuses a schedule or an override that still names the location; the storage
      // refuses the change while an active appointment there ends after now, in the same step.
      const changed = next(current, { locations: current.locations.filter((l) => l.id !== removed) }, now);
      return write(current, changed, { removedLocation: { id: removed, activeAfter: now.iso } });
    },

    async setWeeklySchedule(doctorId, schedule, guard) {
      const id = parseInput(IdSchema, doctorId, 'doctor id');
      const parsed = parseInput(WeeklyScheduleSchema, schedule, 'weekly schedule');
      const { version } = parseInput(VersionGuardSchema, guard, 'version guard');
      return change(id, version, () => ({ schedule: parsed }));
    },

    async setOverrides(doctorId, overrides, guard) {
      const id = parseInput(IdSchema, doctorId, 'doctor id');
      const parsed = parseInput(DateOverridesSchema, overrides, 'date overrides');
      const { version } = parseInput(VersionGuardSchema, guard, 'version guard');
      return change(id, version, () => ({ overrides: parsed }));
    },

    async setBookingRules(doctorId, rules, guard) {
      const id = parseInput(IdSchema, doctorId, 'doctor id');
      const parsed = parseInput(BookingRulesSchema, rules, 'booking rules');
      const { version } = parseInput(VersionGuardSchema, guard, 'version guard');
      return change(id, version, () => ({ rules: parsed }));
    },
  };
}
