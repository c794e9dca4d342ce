import { describe, expect, it } from 'vitest';
import { createMemoryRepository, type Appointment } from 'clinic-slots';
import { aDoctor, anAppointment } from 'clinic-slots/testing';

const rejectsWith = (promise: Promise<unknown>, code: string) =>
  expect(promise).rejects.toMatchObject({ name: 'SchedulingError', code });

describe('createMemoryRepository', () => {
  it('declares that its no-overlap guarantee holds within one process', () => {
    expect(createMemoryRepository().capabilities).toStrictEqual({ concurrentWriters: 'process' });
  });

  it('gives independent repositories', async () => {
    const a = createMemoryRepository();
    const b = createMemoryRepository();
    await a.createDoctor(aDoctor());
    expect(await b.getDoctor('doctor-1')).toBeUndefined();
  });

  describe('copies', () => {
    it('keeps stored doctors safe from changes to the objects passed in and handed out', async () => {
      const repository = createMemoryRepository();
      const doctor = aDoctor();
      await repository.createDoctor(doctor);
      doctor.name = 'changed after create';
      doctor.locations[0]!.address = 'changed after create';
      const read = (await repository.getDoctor('doctor-1'))!;
      read.name = 'changed after get';
      read.schedule.monday!.push({ start: '18:00', end: '19:00' });
      const [listed] = (await repository.listDoctors({ limit: 1 })).items;
      (listed as { name: string }).name = 'changed after list';
      expect(await repository.getDoctor('doctor-1')).toStrictEqual(aDoctor());
    });

    it('keeps stored appointments safe from changes to the objects passed in and handed out', async () => {
      const repository = createMemoryRepository();
      await repository.createDoctor(aDoctor());
      const original = anAppointment({ idempotencyKey: 'k' });
      const input = structuredClone(original);
      const returned = await repository.insertAppointment(input);
      input.patientRef = 'changed input';
      returned.patientRef = 'changed result';
      (await repository.getAppointment(original.id))!.patientRef = 'changed get';
      (await repository.findAppointmentByIdempotencyKey('k'))!.patientRef = 'changed find';
      const [listed] = (await repository.listAppointments({ doctorId: 'doctor-1', limit: 1 })).items;
      (listed as Appointment).start = '2000-01-01T00:00:00.000Z';
      expect(await repository.getAppointment(original.id)).toStrictEqual(original);

      const cancelled = await repository.changeAppointmentStatus({ id: original.id, expectedStatus: 'booked', status: 'cancelled', at: original.updatedAt });
      cancelled.status = 'booked';
      expect((await repository.getAppointment(original.id))?.status).toBe('cancelled');
    });

    it('keeps both halves of a reschedule safe from changes to the result', async () => {
      const repository = createMemoryRepository();
      await repository.createDoctor(aDoctor());
      await repository.insertAppointment(anAppointment({ id: 'old' }));
      const replacement = anAppointment({ id: 'new', start: '2030-01-07T11:00:00Z', rescheduledFrom: 'old' });
      const result = await repository.rescheduleAppointment({ fromId: 'old', replacement, at: replacement.createdAt });
      result.booked.status = 'cancelled';
      result.cancelled.status = 'booked';
      expect((await repository.getAppointment('new'))?.status).toBe('booked');
      expect((await repository.getAppointment('old'))?.status).toBe('cancelled');
    });
  });

  describe('options: data to start with', () => {
    it('starts with the given doctors and appointments, in any status', async () => {
      const doctors = [aDoctor({ id: 'b' }), aDoctor({ id: 'a' })];
      const appointments = [
        anAppointment({ id: 'x', doctorId: 'a', status: 'cancelled', idempotencyKey: 'k1' }),
        anAppointment({ id: 'y', doctorId: 'a' }),
      ];
      const repository = createMemoryRepository({ doctors, appointments });
      expect((await repository.listDoctors({ limit: 10 })).items).toStrictEqual([doctors[1], doctors[0]]);
      expect((await repository.listAppointments({ doctorId: 'a', limit: 10 })).items).toStrictEqual(appointments);
      expect(await repository.findAppointmentByIdempotencyKey('k1')).toStrictEqual(appointments[0]);
      // The booked one holds its time; the cancelled one does not.
      await rejectsWith(repository.insertAppointment(anAppointment({ id: 'z', doctorId: 'a' })), 'SLOT_TAKEN');
    });

    it('normalises the instants it is given', async () => {
      const repository = createMemoryRepository({
        doctors: [{ ...aDoctor(), createdAt: '2030-01-01T01:00:00+01:00' }],
      });
      expect((await repository.getDoctor('doctor-1'))?.createdAt).toBe('2030-01-01T00:00:00.000Z');
    });

    it('does not share the arrays or objects it was given', async () => {
      const doctors = [aDoctor()];
      const repository = createMemoryRepository({ doctors });
      doctors[0]!.name = 'changed';
      doctors.push(aDoctor({ id: 'later' }));
      expect((await repository.listDoctors({ limit: 10 })).items).toStrictEqual([aDoctor()]);
    });

    it('refuses invalid data with VALIDATION_FAILED', () => {
      expect(() => createMemoryRepository({ doctors: [{ ...aDoctor(), timeZone: 'Mars/Olympus' }] })).toThrow(
        expect.objectContaining({ name: 'SchedulingError', code: 'VALIDATION_FAILED' }),
      );
      expect(() => createMemoryRepository({ appointments: [{ ...anAppointment(), end: anAppointment().start }] })).toThrow(
        expect.objectContaining({ code: 'VALIDATION_FAILED' }),
      );
      expect(() => createMemoryRepository({ extra: true } as never)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    });

    it('refuses data that breaks the rules: unknown doctor, overlap, duplicate ids and keys', () => {
      const code = (options: Parameters<typeof createMemoryRepository>[0]) => {
        try {
          createMemoryRepository(options);
        } catch (error) {
          return (error as { code?: string }).code;
        }
        return 'created';
      };
      const doctors = [aDoctor()];
      expect(code({ appointments: [anAppointment()] })).toBe('DOCTOR_NOT_FOUND');
      expect(code({ doctors, appointments: [anAppointment({ id: 'a' }), anAppointment({ id: 'b' })] })).toBe('SLOT_TAKEN');
      expect(code({ doctors, appointments: [anAppointment(), anAppointment({ status: 'cancelled' })] })).toBe('CONFLICT');
      expect(
        code({ doctors, appointments: [anAppointment({ id: 'a', idempotencyKey: 'k' }), anAppointment({ id: 'b', idempotencyKey: 'k', status: 'cancelled' })] }),
      ).toBe('CONFLICT');
      expect(code({ doctors: [aDoctor(), aDoctor()] })).toBe('CONFLICT');
      expect(code({ doctors, appointments: [anAppointment({ id: 'a' }), anAppointment({ id: 'b', status: 'cancelled' })] })).toBe('created');
    });
  });

  describe('beyond the port', () => {
    it('refuses a status change the lifecycle does not allow with NOT_ACTIVE', async () => {
      const repository = createMemoryRepository({ doctors: [aDoctor()], appointments: [anAppointment({ status: 'cancelled' })] });
      await rejectsWith(
        repository.changeAppointmentStatus({ id: 'appointment-1', expectedStatus: 'cancelled', status: 'booked', at: '2030-01-02T00:00:00.000Z' }),
        'NOT_ACTIVE',
      );
      expect((await repository.getAppointment('appointment-1'))?.status).toBe('cancelled');
    });

    it('refuses a cursor it did not make with VALIDATION_FAILED', async () => {
      const repository = createMemoryRepository({ doctors: [aDoctor()] });
      for (const cursor of ['not base64 json', Buffer.from('{"a":1}').toString('base64url'), Buffer.from('[1]').toString('base64url')]) {
        await rejectsWith(repository.listDoctors({ limit: 1, cursor }), 'VALIDATION_FAILED');
        await rejectsWith(repository.listAppointments({ doctorId: 'doctor-1', limit: 1, cursor }), 'VALIDATION_FAILED');
      }
    });

    it('reports every refusal as a rejected promise, never a synchronous throw', () => {
      const repository = createMemoryRepository();
      let promise: Promise<unknown> | undefined;
      expect(() => {
        promise = repository.insertAppointment(anAppointment());
      }).not.toThrow();
      return rejectsWith(promise!, 'DOCTOR_NOT_FOUND');
    });
  });
});
