/**
 * A small, plain implementation of port v2, for testing the conformance kit itself: the kit must
 * pass on it, and each deliberate mistake (a {@link Mutation}) must make some of the kit's tests
 * fail. It is written from the port's TSDoc, shares no code with the kit, and favours being
 * obviously right over being fast: arrays scanned whole, every write one synchronous step.
 */
import {
  SchedulingError,
  canTransition,
  refusals,
  type Appointment,
  type AppointmentListQuery,
  type Claim,
  type ClaimQuery,
  type Doctor,
  type DoctorListQuery,
  type DoctorUpdateOptions,
  type Hold,
  type HoldChange,
  type HoldConfirmation,
  type HoldInsertOptions,
  type InsertOptions,
  type Page,
  type RepositoryCapabilities,
  type Reschedule,
  type SchedulingRepository,
  type StatusChange,
  type StoredClaim,
} from 'clinic-slots';

/** One deliberate mistake the reference repository can make; `undefined`: none. */
export type Mutation =
  | 'ignores-patient-claims'
  | 'ignores-given-claims'
  | 'checks-new-claims-against-raw-times'
  | 'keeps-claims-of-cancelled'
  | 'partial-claims'
  | 'reschedule-not-atomic'
  | 'expiry-by-wall-clock'
  | 'expired-holds-still-block'
  | 'never-marks-expired'
  | 'confirm-meets-own-hold'
  | 'no-retried-confirmation'
  | 'refused-confirmation-changes-hold'
  | 'shared-key-namespace'
  | 'no-location-check'
  | 'location-check-counts-cancelled'
  | 'claims-in-insertion-order'
  | 'lists-expired-holds'
  | 'yields-between-check-and-write'
  | 'bare-refusals'
  | 'refused-change-marks-expired'
  | 'renewal-drops-claims'
  | 'hold-claims-outlive-release';

interface Owner {
  readonly kind: 'appointment' | 'hold';
  readonly id: string;
}

interface ClaimRow {
  readonly owner: Owner;
  readonly claim: Claim;
}

const clone = <T>(value: T): T => structuredClone(value);
const overlaps = (a: { from: string; to: string }, b: { from: string; to: string }): boolean => a.from < b.to && b.from < a.to;
const sameLane = (a: Claim, b: Claim): boolean => a.kind === b.kind && a.id === b.id && a.lane === b.lane;
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const encode = (key: readonly string[]): string => Buffer.from(JSON.stringify(key)).toString('base64url');
const decode = (cursor: string): string[] => JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as string[];

/** A repository of port v2 in memory; `mutation` names the mistake it makes on purpose. */
export function createReferenceRepository(
  mutation?: Mutation,
  capabilities: RepositoryCapabilities = { concurrentWriters: 'process' },
): SchedulingRepository {
  const doctors = new Map<string, Doctor>();
  const appointments = new Map<string, Appointment>();
  const holds = new Map<string, Hold>();
  const claims: ClaimRow[] = [];

  const bare = (error: SchedulingError): SchedulingError =>
    mutation === 'bare-refusals' ? new SchedulingError(error.code, error.message) : error;
  const fail = (error: SchedulingError): never => {
    throw bare(error);
  };

  /** The instant liveness is judged at: the one given, unless the mutation reads the wall clock. */
  const judgedAt = (instant: string): string => (mutation === 'expiry-by-wall-clock' ? new Date().toISOString() : instant);

  const isLive = (owner: Owner, instant: string): boolean => {
    if (owner.kind === 'appointment') {
      const appointment = appointments.get(owner.id)!;
      return appointment.status === 'booked' || (mutation === 'keeps-claims-of-cancelled' && appointment.status !== 'entered-in-error');
    }
    const hold = holds.get(owner.id)!;
    if (mutation === 'hold-claims-outlive-release' && hold.status === 'released') return true;
    if (hold.status !== 'held') return false;
    return mutation === 'expired-holds-still-block' || judgedAt(instant) < hold.expiresAt;
  };

  /** The claim an owner takes by default: its doctor over its own time. */
  const defaultClaims = (owner: { doctorId: string; start: string; end: string }): Claim[] => [
    { kind: 'doctor', id: owner.doctorId, lane: 0, from: owner.start, to: owner.end },
  ];
  const claimsToTake = (owner: { doctorId: string; start: string; end: string }, given?: readonly Claim[]): Claim[] =>
    given === undefined || mutation === 'ignores-given-claims' ? defaultClaims(owner) : given.map(clone);

  /** The live claim of another owner that `claim` meets at `instant`, if any. */
  const inTheWay = (claim: Claim, instant: string, ignore?: Owner): ClaimRow | undefined => {
    if (mutation === 'ignores-patient-claims' && claim.kind === 'patient') return undefined;
    return claims.find((row) => {
      if (ignore !== undefined && row.owner.kind === ignore.kind && row.owner.id === ignore.id) return false;
      if (!sameLane(row.claim, claim) || !isLive(row.owner, instant)) return false;
      if (mutation === 'checks-new-claims-against-raw-times' && row.owner.kind === 'appointment') {
        const a = appointments.get(row.owner.id)!;
        return overlaps({ from: a.start, to: a.end }, claim);
      }
      return overlaps(row.claim, claim);
    });
  };

  /** Throws the refusal of the first claim in the way. With `partial-claims`, takes those before it. */
  const checkClaims = (owner: Owner, wanted: readonly Claim[], instant: string, ignore?: Owner): void => {
    for (const [i, claim] of wanted.entries()) {
      if (inTheWay(claim, instant, ignore) !== undefined) {
        if (mutation === 'partial-claims') for (const taken of wanted.slice(0, i)) claims.push({ owner, claim: taken });
        fail(refusals.claimTaken(claim));
      }
    }
  };

  /** Marks `expired` the held holds past their expiry whose claims `wanted` meets. */
  const retireExpired = (wanted: readonly Claim[], instant: string): void => {
    if (mutation === 'never-marks-expired') return;
    for (const hold of holds.values()) {
      if (hold.status !== 'held' || judgedAt(instant) < hold.expiresAt) continue;
      const met = claims.some((row) => row.owner.kind === 'hold' && row.owner.id === hold.id && wanted.some((c) => sameLane(c, row.claim) && overlaps(c, row.claim)));
      if (met) holds.set(hold.id, { ...hold, status: 'expired', updatedAt: instant });
    }
  };

  const checkDoctor = (id: string, expectedVersion?: number): Doctor => {
    const doctor = doctors.get(id) ?? fail(refusals.doctorNotFound(id));
    if (expectedVersion !== undefined && doctor.version !== expectedVersion) {
      fail(refusals.staleVersion(id, { expected: expectedVersion, current: doctor.version }));
    }
    return doctor;
  };
  const appointmentByKey = (key: string): Appointment | undefined => [...appointments.values()].find((a) => a.idempotencyKey === key);
  const holdByKey = (key: string): Hold | undefined =>
    mutation === 'shared-key-namespace'
      ? ([...holds.values(), ...appointments.values()].find((x) => x.idempotencyKey === key) as Hold | undefined)
      : [...holds.values()].find((h) => h.idempotencyKey === key);

  /** A live hold, or the refusal of its state at `instant`. */
  const liveHold = (id: string, instant: string): Hold => {
    const hold = holds.get(id) ?? fail(refusals.holdNotFound(id));
    if (hold.status !== 'held') fail(refusals.holdNotActive(id, hold.status));
    if (judgedAt(instant) >= hold.expiresAt && mutation !== 'expired-holds-still-block') {
      if (mutation === 'refused-change-marks-expired') holds.set(id, { ...hold, status: 'expired' });
      fail(refusals.holdExpired(id, hold.expiresAt));
    }
    return hold;
  };

  /** Runs `check`, then (after a turn of the event loop with `yields-between-check-and-write`) `write`. */
  async function step<T>(check: () => void, write: () => T): Promise<T> {
    check();
    if (mutation === 'yields-between-check-and-write') await new Promise((resolve) => setImmediate(resolve));
    return write();
  }

  const releaseClaimsOf = (owner: Owner): void => {
    if (owner.kind === 'hold' && mutation === 'hold-claims-outlive-release') return;
    for (let i = claims.length - 1; i >= 0; i--) if (claims[i]!.owner.kind === owner.kind && claims[i]!.owner.id === owner.id) claims.splice(i, 1);
  };
  const takeClaims = (owner: Owner, wanted: readonly Claim[]): void => {
    for (const claim of wanted) claims.push({ owner, claim });
  };

  const repository: SchedulingRepository = {
    capabilities,

    async createDoctor(doctor) {
      if (doctors.has(doctor.id)) fail(refusals.alreadyExists('doctor', doctor.id));
      doctors.set(doctor.id, clone(doctor));
    },

    async getDoctor(id) {
      return clone(doctors.get(id));
    },

    async listDoctors(query: DoctorListQuery): Promise<Page<Doctor>> {
      const after = query.cursor === undefined ? undefined : decode(query.cursor)[0];
      const ids = [...doctors.keys()].filter((id) => after === undefined || id > after).sort(compare);
      const items = ids.slice(0, query.limit).map((id) => clone(doctors.get(id)!));
      return ids.length > query.limit ? { items, nextCursor: encode([items.at(-1)!.id]) } : { items };
    },

    updateDoctor(doctor: Doctor, expectedVersion: number, options: DoctorUpdateOptions = {}) {
      return step(
        () => {
          checkDoctor(doctor.id, expectedVersion);
          const removed = options.removedLocation;
          if (removed === undefined || mutation === 'no-location-check') return;
          const busy = [...appointments.values()].some(
            (a) =>
              a.doctorId === doctor.id &&
              a.locationId === removed.id &&
              (a.status === 'booked' || mutation === 'location-check-counts-cancelled') &&
              a.end > removed.activeAfter,
          );
          const held = [...holds.values()].some(
            (h) => h.doctorId === doctor.id && h.locationId === removed.id && h.status === 'held' && h.expiresAt > removed.activeAfter && h.end > removed.activeAfter,
          );
          if (busy || held) fail(refusals.hasAppointments(doctor.id, removed.id));
        },
        () => {
          doctors.set(doctor.id, clone(doctor));
        },
      );
    },

    async deleteDoctor(id, options) {
      checkDoctor(id, options.expectedVersion);
      if (
        [...appointments.values()].some((a) => a.doctorId === id && a.status === 'booked' && a.end > options.activeAfter) ||
        [...holds.values()].some((h) => h.doctorId === id && h.status === 'held' && h.expiresAt > options.activeAfter && h.end > options.activeAfter)
      ) {
        fail(refusals.hasAppointments(id));
      }
      doctors.delete(id);
    },

    insertAppointment(appointment: Appointment, options: InsertOptions = {}) {
      const owner: Owner = { kind: 'appointment', id: appointment.id };
      const wanted = claimsToTake(appointment, options.claims);
      let earlier: Appointment | undefined;
      return step(
        () => {
          checkDoctor(appointment.doctorId, options.doctorVersion);
          earlier = appointment.idempotencyKey === undefined ? undefined : appointmentByKey(appointment.idempotencyKey);
          if (earlier !== undefined) return;
          checkClaims(owner, wanted, appointment.createdAt);
          if (appointments.has(appointment.id)) fail(refusals.alreadyExists('appointment', appointment.id));
        },
        () => {
          if (earlier !== undefined) return clone(earlier);
          retireExpired(wanted, appointment.createdAt);
          appointments.set(appointment.id, clone(appointment));
          takeClaims(owner, wanted);
          return clone(appointment);
        },
      );
    },

    async getAppointment(id) {
      return clone(appointments.get(id));
    },

    async listAppointments(query: AppointmentListQuery): Promise<Page<Appointment>> {
      const after = query.cursor === undefined ? undefined : decode(query.cursor);
      const matching = [...appointments.values()]
        .filter(
          (a) =>
            a.doctorId === query.doctorId &&
            (query.from === undefined || a.end > query.from) &&
            (query.to === undefined || a.start < query.to) &&
            (query.statuses === undefined || query.statuses.includes(a.status)) &&
            (after === undefined || a.start > after[0]! || (a.start === after[0] && a.id > after[1]!)),
        )
        .sort((a, b) => compare(a.start, b.start) || compare(a.id, b.id));
      const items = matching.slice(0, query.limit).map(clone);
      const last = items.at(-1);
      return matching.length > query.limit && last !== undefined ? { items, nextCursor: encode([last.start, last.id]) } : { items };
    },

    async findAppointmentByIdempotencyKey(key) {
      return clone(appointmentByKey(key));
    },

    async changeAppointmentStatus(change: StatusChange) {
      const stored = appointments.get(change.id) ?? fail(refusals.appointmentNotFound(change.id));
      if (stored.status !== change.expectedStatus || !canTransition(stored.status, change.status)) fail(refusals.notActive(change.id, stored.status));
      const changed: Appointment = {
        ...stored,
        status: change.status,
        updatedAt: change.at,
        ...(change.cancellationReason === undefined ? {} : { cancellationReason: change.cancellationReason }),
      };
      appointments.set(change.id, changed);
      if (mutation !== 'keeps-claims-of-cancelled') releaseClaimsOf({ kind: 'appointment', id: change.id });
      return clone(changed);
    },

    async rescheduleAppointment(reschedule: Reschedule) {
      const old = appointments.get(reschedule.fromId) ?? fail(refusals.appointmentNotFound(reschedule.fromId));
      if (old.status !== 'booked') fail(refusals.notActive(old.id, old.status));
      const replacement = reschedule.replacement;
      const oldOwner: Owner = { kind: 'appointment', id: old.id };
      const owner: Owner = { kind: 'appointment', id: replacement.id };
      const wanted = claimsToTake(replacement, reschedule.claims);
      const cancelled: Appointment = { ...old, status: 'cancelled', updatedAt: reschedule.at, rescheduledTo: replacement.id };
      if (mutation === 'reschedule-not-atomic') {
        appointments.set(old.id, cancelled);
        releaseClaimsOf(oldOwner);
      }
      checkDoctor(replacement.doctorId, reschedule.doctorVersion);
      if (replacement.idempotencyKey !== undefined && appointmentByKey(replacement.idempotencyKey) !== undefined) {
        fail(refusals.alreadyExists('idempotency-key', replacement.idempotencyKey));
      }
      checkClaims(owner, wanted, replacement.createdAt, oldOwner);
      if (appointments.has(replacement.id)) fail(refusals.alreadyExists('appointment', replacement.id));
      appointments.set(old.id, cancelled);
      releaseClaimsOf(oldOwner);
      retireExpired(wanted, replacement.createdAt);
      appointments.set(replacement.id, clone(replacement));
      takeClaims(owner, wanted);
      return { cancelled: clone(cancelled), booked: clone(replacement) };
    },

    async listClaims(query: ClaimQuery): Promise<StoredClaim[]> {
      const listed = claims
        .filter((row) => row.claim.kind === query.kind && row.claim.id === query.id && overlaps(row.claim, query))
        .filter((row) => (mutation === 'lists-expired-holds' && row.owner.kind === 'hold' ? holds.get(row.owner.id)!.status === 'held' : isLive(row.owner, query.at)))
        .map((row): StoredClaim => ({ ...clone(row.claim), ownerId: row.owner.id, ownerKind: row.owner.kind }));
      return mutation === 'claims-in-insertion-order' ? listed : listed.sort((a, b) => compare(a.from, b.from) || compare(a.ownerId, b.ownerId));
    },

    insertHold(hold: Hold, options: HoldInsertOptions = {}) {
      const owner: Owner = { kind: 'hold', id: hold.id };
      const wanted = claimsToTake(hold, options.claims);
      let earlier: Hold | undefined;
      return step(
        () => {
          checkDoctor(hold.doctorId, options.doctorVersion);
          earlier = hold.idempotencyKey === undefined ? undefined : holdByKey(hold.idempotencyKey);
          if (earlier !== undefined) return;
          checkClaims(owner, wanted, hold.createdAt);
          if (holds.has(hold.id)) fail(refusals.alreadyExists('hold', hold.id));
        },
        () => {
          if (earlier !== undefined) return clone(earlier);
          retireExpired(wanted, hold.createdAt);
          holds.set(hold.id, clone(hold));
          takeClaims(owner, wanted);
          return clone(hold);
        },
      );
    },

    async getHold(id) {
      return clone(holds.get(id));
    },

    async findHoldByIdempotencyKey(key) {
      return clone(holdByKey(key));
    },

    changeHold(change: HoldChange) {
      return step(
        () => {
          liveHold(change.id, change.at);
        },
        () => {
          const hold = holds.get(change.id)!;
          const changed: Hold =
            change.expiresAt === undefined ? { ...hold, status: 'released', updatedAt: change.at } : { ...hold, expiresAt: change.expiresAt, updatedAt: change.at };
          holds.set(hold.id, changed);
          if (change.expiresAt === undefined || mutation === 'renewal-drops-claims') releaseClaimsOf({ kind: 'hold', id: hold.id });
          return clone(changed);
        },
      );
    },

    confirmHold(confirmation: HoldConfirmation) {
      const { appointment } = confirmation;
      const holdOwner: Owner = { kind: 'hold', id: confirmation.holdId };
      const owner: Owner = { kind: 'appointment', id: appointment.id };
      const wanted = claimsToTake(appointment, confirmation.claims);
      let retried: { hold: Hold; appointment: Appointment } | undefined;
      return step(
        () => {
          const stored = holds.get(confirmation.holdId);
          const made = stored?.appointmentId === undefined ? undefined : appointments.get(stored.appointmentId);
          if (
            mutation !== 'no-retried-confirmation' &&
            stored?.status === 'confirmed' &&
            appointment.idempotencyKey !== undefined &&
            made?.idempotencyKey === appointment.idempotencyKey
          ) {
            retried = { hold: clone(stored), appointment: clone(made) };
            return;
          }
          const hold = liveHold(confirmation.holdId, confirmation.at);
          if (mutation === 'refused-confirmation-changes-hold') holds.set(hold.id, { ...hold, status: 'confirmed', appointmentId: appointment.id, updatedAt: confirmation.at });
          checkClaims(owner, wanted, confirmation.at, mutation === 'confirm-meets-own-hold' ? undefined : holdOwner);
          if (appointment.idempotencyKey !== undefined && appointmentByKey(appointment.idempotencyKey) !== undefined) {
            fail(refusals.alreadyExists('idempotency-key', appointment.idempotencyKey));
          }
          if (appointments.has(appointment.id)) fail(refusals.alreadyExists('appointment', appointment.id));
        },
        () => {
          if (retried !== undefined) return retried;
          const hold = holds.get(confirmation.holdId)!;
          const confirmed: Hold = { ...hold, status: 'confirmed', appointmentId: appointment.id, updatedAt: confirmation.at };
          holds.set(hold.id, confirmed);
          releaseClaimsOf(holdOwner);
          retireExpired(wanted, confirmation.at);
          appointments.set(appointment.id, clone(appointment));
          takeClaims(owner, wanted);
          return { hold: clone(confirmed), appointment: clone(appointment) };
        },
      );
    },
  };
  return repository;
}
