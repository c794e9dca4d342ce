import { DoctorSchema, type Doctor } from 'clinic-slots';

/** A valid doctor for slot tests: one location `main` unless given, 30-minute slots unless given. */
export function makeDoctor(fields: {
  timeZone: string;
  schedule?: unknown;
  overrides?: unknown;
  rules?: unknown;
  locations?: Array<{ id: string; address: string }>;
}): Doctor {
  return DoctorSchema.parse({
    id: 'dr-test',
    name: 'Dr Test',
    timeZone: fields.timeZone,
    locations: fields.locations ?? [{ id: 'main', address: '1 Main St' }],
    schedule: fields.schedule ?? {},
    overrides: fields.overrides ?? [],
    rules: fields.rules ?? { slotLength: 'PT30M' },
    version: 1,
    createdAt: '2027-01-01T00:00:00.000Z',
    updatedAt: '2027-01-01T00:00:00.000Z',
  });
}

/** Epoch milliseconds of an ISO instant. */
export const at = (iso: string): number => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new TypeError(`not an instant: ${iso}`);
  return ms;
};

/** ISO strings of slot starts, for readable assertions. */
export const startsOf = (slots: ReadonlyArray<{ start: number }>): string[] => slots.map((s) => new Date(s.start).toISOString());

/** A long time ago, so that minimum notice never gets in the way. */
export const LONG_AGO = at('2000-01-01T00:00:00Z');
