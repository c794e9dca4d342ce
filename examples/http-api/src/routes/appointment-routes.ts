import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Appointment as AppointmentValue, Scheduler } from 'clinic-slots';
import {
  Appointment,
  AppointmentIdParam,
  AppointmentPage,
  AppointmentsQuery,
  AvailableSlot,
  BookingRequest,
  CancelRequest,
  DoctorIdParam,
  IdempotencyHeader,
  RescheduleRequest,
  Rescheduled,
  SlotsQuery,
} from '../openapi-schemas.js';
import { BODY_PROBLEMS, jsonResponse, problemResponses } from '../responses.js';
import { withIdempotencyKey } from './idempotency-key.js';

const LOCATION_HEADER = { Location: { schema: { type: 'string' as const }, description: 'The URL of the new appointment.' } };

/** Why a start can be refused, in booking and in moving an appointment. */
const START_REFUSALS = [
  'DOCTOR_NOT_FOUND',
  'SLOT_TAKEN',
  'PATIENT_BUSY',
  'CONFLICT',
  'SLOT_NOT_OFFERED',
  'LOCATION_NOT_SERVED',
  'TOO_LATE',
  'BEYOND_HORIZON',
] as const;

/** Available slots and appointments. */
export function addAppointmentRoutes(app: OpenAPIHono, scheduler: Scheduler): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/doctors/{doctorId}/slots',
      tags: ['Slots'],
      summary: 'Find available slots',
      operationId: 'findAvailableSlots',
      description:
        'The free published slots whose start lies in `[from, to)`, in start order. Book or hold one by its exact ' +
        '`start`. With `ignoreAppointmentId`, the starts that appointment can be moved to.',
      request: { params: DoctorIdParam, query: SlotsQuery },
      responses: { 200: jsonResponse(z.array(AvailableSlot), 'The available slots.'), ...problemResponses('DOCTOR_NOT_FOUND', 'LOCATION_NOT_SERVED') },
    }),
    async (c) => {
      const slots = await scheduler.findAvailableSlots({ doctorId: c.req.valid('param').doctorId, ...c.req.valid('query') });
      return c.json(
        slots.map((s) => ({ start: s.start, end: s.end, locationIds: [...s.locationIds] })),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/doctors/{doctorId}/appointments',
      tags: ['Appointments'],
      summary: "List a doctor's appointments",
      operationId: 'listAppointments',
      description: 'In start order, a page at a time; optionally only those overlapping `[from, to)` and in some statuses.',
      request: { params: DoctorIdParam, query: AppointmentsQuery },
      responses: { 200: jsonResponse(AppointmentPage, 'A page of appointments.'), ...problemResponses('DOCTOR_NOT_FOUND') },
    }),
    async (c) => {
      const { status, ...query } = c.req.valid('query');
      const page = await scheduler.listAppointments({
        doctorId: c.req.valid('param').doctorId,
        ...query,
        ...(status === undefined ? {} : { statuses: status }),
      });
      return c.json({ items: [...page.items], ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/appointments',
      tags: ['Appointments'],
      summary: 'Book a slot',
      operationId: 'book',
      description:
        'Books a published, free start. Concurrent requests for one slot: exactly one succeeds, the others get 409 ' +
        '`SLOT_TAKEN`. With an `Idempotency-Key`, a retry of the same request answers 201 with the same appointment.',
      request: {
        headers: IdempotencyHeader,
        body: { required: true, content: { 'application/json': { schema: BookingRequest } } },
      },
      responses: {
        201: { ...jsonResponse(Appointment, 'The appointment (also for an idempotent retry).'), headers: LOCATION_HEADER },
        ...problemResponses(...START_REFUSALS, 'IDEMPOTENCY_MISMATCH', ...BODY_PROBLEMS),
      },
    }),
    async (c) => {
      const appointment = await scheduler.book({ ...c.req.valid('json'), ...withIdempotencyKey(c.req.valid('header')['Idempotency-Key']) });
      c.header('Location', `/appointments/${appointment.id}`);
      return c.json(appointment, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/appointments/{appointmentId}',
      tags: ['Appointments'],
      summary: 'Get an appointment',
      operationId: 'getAppointment',
      request: { params: AppointmentIdParam },
      responses: { 200: jsonResponse(Appointment, 'The appointment.'), ...problemResponses('APPOINTMENT_NOT_FOUND') },
    }),
    async (c) => c.json(await scheduler.getAppointment(c.req.valid('param').appointmentId), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/appointments/{appointmentId}/cancel',
      tags: ['Appointments'],
      summary: 'Cancel an appointment',
      operationId: 'cancel',
      description: 'Cancels a booked appointment, with an optional reason; its time is free again. The body may be left out.',
      request: {
        params: AppointmentIdParam,
        body: { required: false, content: { 'application/json': { schema: CancelRequest } } },
      },
      responses: {
        200: jsonResponse(Appointment, 'The cancelled appointment.'),
        ...problemResponses('APPOINTMENT_NOT_FOUND', 'NOT_ACTIVE', ...BODY_PROBLEMS),
      },
    }),
    async (c) => c.json(await scheduler.cancel(c.req.valid('param').appointmentId, c.req.valid('json')), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/appointments/{appointmentId}/reschedule',
      tags: ['Appointments'],
      summary: 'Move an appointment',
      operationId: 'reschedule',
      description:
        'Books the new start and/or location and cancels the old appointment as one unit: both happen or neither. ' +
        'Accepts exactly the starts `GET /doctors/{doctorId}/slots?ignoreAppointmentId=...` lists.',
      request: {
        params: AppointmentIdParam,
        body: { required: true, content: { 'application/json': { schema: RescheduleRequest } } },
      },
      responses: {
        201: { ...jsonResponse(Rescheduled, 'The cancelled and the new appointment.'), headers: LOCATION_HEADER },
        ...problemResponses('APPOINTMENT_NOT_FOUND', 'NOT_ACTIVE', ...START_REFUSALS, ...BODY_PROBLEMS),
      },
    }),
    async (c) => {
      const { cancelled, booked } = await scheduler.reschedule(c.req.valid('param').appointmentId, c.req.valid('json'));
      c.header('Location', `/appointments/${booked.id}`);
      return c.json({ cancelled, booked }, 201);
    },
  );

  const mark = (path: string, operationId: string, summary: string, change: (id: string) => Promise<AppointmentValue>) =>
    app.openapi(
      createRoute({
        method: 'post',
        path: `/appointments/{appointmentId}/${path}`,
        tags: ['Appointments'],
        summary,
        operationId,
        request: { params: AppointmentIdParam },
        responses: { 200: jsonResponse(Appointment, 'The appointment.'), ...problemResponses('APPOINTMENT_NOT_FOUND', 'NOT_ACTIVE') },
      }),
      async (c) => c.json(await change(c.req.valid('param').appointmentId), 200),
    );

  mark('fulfilled', 'markFulfilled', 'Mark fulfilled (the patient was seen)', (id) => scheduler.markFulfilled(id));
  mark('no-show', 'markNoShow', 'Mark no-show (the patient did not come)', (id) => scheduler.markNoShow(id));
  mark('entered-in-error', 'markEnteredInError', 'Mark entered in error (from any status)', (id) => scheduler.markEnteredInError(id));
}
