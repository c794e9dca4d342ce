import { describe, expect, it } from 'vitest';
import { SCHEDULING_ERROR_CODES, SCHEDULING_ERROR_HTTP } from 'clinic-slots';

describe('SCHEDULING_ERROR_HTTP', () => {
  it('gives every error code, and nothing else, one client or server error status and a title', () => {
    expect(Object.keys(SCHEDULING_ERROR_HTTP).sort()).toEqual([...SCHEDULING_ERROR_CODES].sort());
    for (const code of SCHEDULING_ERROR_CODES) {
      const { status, title } = SCHEDULING_ERROR_HTTP[code];
      expect(Number.isInteger(status) && status >= 400 && status < 600, code).toBe(true);
      expect(title.trim().length, code).toBeGreaterThan(0);
    }
  });

  it('maps malformed input to 400, refusals to 422, missing to 404, clashes to 409, storage to 503', () => {
    const statuses = Object.fromEntries(SCHEDULING_ERROR_CODES.map((code) => [code, SCHEDULING_ERROR_HTTP[code].status]));
    expect(statuses).toEqual({
      VALIDATION_FAILED: 400,
      DOCTOR_NOT_FOUND: 404,
      APPOINTMENT_NOT_FOUND: 404,
      LOCATION_NOT_SERVED: 422,
      SLOT_NOT_OFFERED: 422,
      SLOT_TAKEN: 409,
      TOO_LATE: 422,
      BEYOND_HORIZON: 422,
      NOT_ACTIVE: 409,
      IDEMPOTENCY_MISMATCH: 422,
      CONFLICT: 409,
      DOCTOR_HAS_APPOINTMENTS: 409,
      HOLD_NOT_FOUND: 404,
      HOLD_EXPIRED: 409,
      PATIENT_BUSY: 409,
      STORAGE_FAILED: 503,
    });
  });

  it('gives distinct codes distinct titles', () => {
    const titles = SCHEDULING_ERROR_CODES.map((code) => SCHEDULING_ERROR_HTTP[code].title);
    expect(new Set(titles).size).toBe(titles.length);
  });

  it('is frozen, so no host can change it for the others', () => {
    expect(Object.isFrozen(SCHEDULING_ERROR_HTTP)).toBe(true);
    for (const code of SCHEDULING_ERROR_CODES) expect(Object.isFrozen(SCHEDULING_ERROR_HTTP[code]), code).toBe(true);
  });
});
