import { MS_PER_MINUTE } from '../time/epoch-days.js';
import { durationToMinutes } from './durations.js';

/**
 * Booking rules as the schema stores them: ISO 8601 durations (see `BookingRulesSchema`).
 *
 * @internal
 */
export interface BookingRuleDurations {
  readonly slotLength: string;
  readonly slotStep?: string | undefined;
  readonly bufferBefore?: string | undefined;
  readonly bufferAfter?: string | undefined;
  readonly minimumNotice?: string | undefined;
  readonly horizon?: string | undefined;
  readonly holdTtl?: string | undefined;
  readonly maxHoldTtl?: string | undefined;
}

/**
 * The same rules in milliseconds, defaults applied: the step is the slot length, buffers and
 * notice are zero, no horizon.
 *
 * @internal
 */
export interface BookingRuleSpans {
  readonly slotLength: number;
  readonly slotStep: number;
  readonly bufferBefore: number;
  readonly bufferAfter: number;
  readonly minimumNotice: number;
  /** `undefined`: no limit. */
  readonly horizon: number | undefined;
  /** How long a hold lasts by default. */
  readonly holdTtl: number;
  /** The longest a hold may last. */
  readonly maxHoldTtl: number;
}

/** A hold's default time to live: 10 minutes. @internal */
export const DEFAULT_HOLD_TTL_MS = 10 * MS_PER_MINUTE;

/** A hold's longest time to live: 1 hour. @internal */
export const DEFAULT_MAX_HOLD_TTL_MS = 60 * MS_PER_MINUTE;

const ms = (duration: string | undefined): number => (duration === undefined ? 0 : (durationToMinutes(duration) ?? 0) * MS_PER_MINUTE);

/**
 * Converts validated booking rules to milliseconds: the one place durations of rules become
 * numbers.
 *
 * @internal
 */
export function bookingRuleSpans(rules: BookingRuleDurations): BookingRuleSpans {
  const slotLength = ms(rules.slotLength);
  return {
    slotLength,
    slotStep: rules.slotStep === undefined ? slotLength : ms(rules.slotStep),
    bufferBefore: ms(rules.bufferBefore),
    bufferAfter: ms(rules.bufferAfter),
    minimumNotice: ms(rules.minimumNotice),
    horizon: rules.horizon === undefined ? undefined : ms(rules.horizon),
    holdTtl: rules.holdTtl === undefined ? DEFAULT_HOLD_TTL_MS : ms(rules.holdTtl),
    maxHoldTtl: rules.maxHoldTtl === undefined ? Math.max(DEFAULT_MAX_HOLD_TTL_MS, ms(rules.holdTtl)) : ms(rules.maxHoldTtl),
  };
}

/**
 * How far around a slot start appointments can matter: the slot length plus both buffers, on
 * both sides. Reading `[start - reach, start + reach)` is always enough.
 *
 * @internal
 */
export function busyReach(spans: BookingRuleSpans): number {
  return spans.slotLength + spans.bufferBefore + spans.bufferAfter;
}
