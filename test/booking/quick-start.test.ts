import { describe, expect, it } from 'vitest';
import { main } from '../../examples/quick-start.js';

describe('examples/quick-start.ts', () => {
  it('runs the whole flow and says what happened', async () => {
    const lines: string[] = [];
    const { slots, appointment, moved, cancelled } = await main((line) => lines.push(line));
    expect(lines).toEqual([
      '6 slots, the first at 2027-01-04T09:00:00.000Z',
      `booked ${appointment.id} at 2027-01-04T09:00:00.000Z; the retry returned ${appointment.id}`,
      'a second booking of 2027-01-04T09:00:00.000Z was refused: SLOT_TAKEN',
      '1 booked',
      'moved to 2027-01-04T10:00:00.000Z; the old one is cancelled',
      `${moved.id} is cancelled (patient called)`,
    ]);
    expect(slots).toHaveLength(6);
    expect(cancelled).toMatchObject({ id: moved.id, status: 'cancelled', rescheduledFrom: appointment.id });
  });
});
