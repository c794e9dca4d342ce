/**
 * How many runs a property test makes. `npm test` makes every run a test asks for (`full`);
 * `npm run test:fast` (the edit loop) sets `FC_RUNS_SCALE=0.1` and makes a tenth of them, at least
 * five (or `full`, when that is fewer). The full suite's vitest config never lets the scale fall
 * below 1, so its counts are never lowered; a scale above 1 (`FC_RUNS_SCALE=10 npm test`) makes
 * more runs, for a soak.
 *
 * Pass property tests' counts through this, not fast-check's global settings, so that every
 * count stays written where the property is.
 */
export function runs(full: number): number {
  const scale = Number(process.env.FC_RUNS_SCALE ?? '1');
  if (!Number.isFinite(scale) || scale <= 0) throw new Error(`FC_RUNS_SCALE must be a positive number, not ${process.env.FC_RUNS_SCALE}`);
  if (scale === 1) return full;
  return Math.max(Math.min(full, 5), Math.ceil(full * scale));
}
