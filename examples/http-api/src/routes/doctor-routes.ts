import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Scheduler } from 'clinic-slots';
import {
  BookingRules,
  DateOverrides,
  Doctor,
  DoctorIdParam,
  DoctorPage,
  DoctorUpdate,
  Location,
  LocationParams,
  NewDoctor,
  NewLocation,
  PageQuery,
  VersionQuery,
  WeeklySchedule,
} from '../openapi-schemas.js';
import { BODY_PROBLEMS, jsonResponse, problemResponses } from '../responses.js';

const DOCTOR = 'The doctor, with its new `version`.';

/** Doctors, their locations, weekly hours, date overrides and booking rules. */
export function addDoctorRoutes(app: OpenAPIHono, scheduler: Scheduler): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/doctors',
      tags: ['Doctors'],
      summary: 'List doctors',
      operationId: 'listDoctors',
      description: 'Doctors by id, a page at a time.',
      request: { query: PageQuery },
      responses: { 200: jsonResponse(DoctorPage, 'A page of doctors.'), ...problemResponses() },
    }),
    async (c) => {
      const page = await scheduler.listDoctors(c.req.valid('query'));
      return c.json({ items: [...page.items], ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/doctors',
      tags: ['Doctors'],
      summary: 'Create a doctor',
      operationId: 'createDoctor',
      request: { body: { required: true, content: { 'application/json': { schema: NewDoctor } } } },
      responses: {
        201: { ...jsonResponse(Doctor, 'The doctor, created (its URL in `Location`).'), headers: { Location: { schema: { type: 'string' } } } },
        ...problemResponses('CONFLICT', ...BODY_PROBLEMS),
      },
    }),
    async (c) => {
      const doctor = await scheduler.createDoctor(c.req.valid('json'));
      c.header('Location', `/doctors/${doctor.id}`);
      return c.json(doctor, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/doctors/{doctorId}',
      tags: ['Doctors'],
      summary: 'Get a doctor',
      operationId: 'getDoctor',
      request: { params: DoctorIdParam },
      responses: { 200: jsonResponse(Doctor, 'The doctor.'), ...problemResponses('DOCTOR_NOT_FOUND') },
    }),
    async (c) => c.json(await scheduler.getDoctor(c.req.valid('param').doctorId), 200),
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/doctors/{doctorId}',
      tags: ['Doctors'],
      summary: 'Change a doctor',
      operationId: 'updateDoctor',
      description: 'Changes name, time zone, schedule, overrides or rules at once. `version` is required: a stale one is 409 `CONFLICT`.',
      request: { params: DoctorIdParam, body: { required: true, content: { 'application/json': { schema: DoctorUpdate } } } },
      responses: { 200: jsonResponse(Doctor, DOCTOR), ...problemResponses('DOCTOR_NOT_FOUND', 'CONFLICT', ...BODY_PROBLEMS) },
    }),
    async (c) => c.json(await scheduler.updateDoctor(c.req.valid('param').doctorId, c.req.valid('json')), 200),
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/doctors/{doctorId}',
      tags: ['Doctors'],
      summary: 'Remove a doctor',
      operationId: 'removeDoctor',
      description: 'Refused with 409 `DOCTOR_HAS_APPOINTMENTS` while the doctor has future booked appointments.',
      request: { params: DoctorIdParam, query: VersionQuery },
      responses: { 204: { description: 'Removed.' }, ...problemResponses('DOCTOR_NOT_FOUND', 'CONFLICT', 'DOCTOR_HAS_APPOINTMENTS') },
    }),
    async (c) => {
      await scheduler.removeDoctor(c.req.valid('param').doctorId, c.req.valid('query'));
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/doctors/{doctorId}/locations',
      tags: ['Locations'],
      summary: "List a doctor's locations",
      operationId: 'listLocations',
      request: { params: DoctorIdParam },
      responses: { 200: jsonResponse(z.array(Location), 'The locations.'), ...problemResponses('DOCTOR_NOT_FOUND') },
    }),
    async (c) => c.json([...(await scheduler.getDoctor(c.req.valid('param').doctorId)).locations], 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/doctors/{doctorId}/locations',
      tags: ['Locations'],
      summary: 'Add a location',
      operationId: 'addLocation',
      request: {
        params: DoctorIdParam,
        query: VersionQuery,
        body: { required: true, content: { 'application/json': { schema: NewLocation } } },
      },
      responses: { 200: jsonResponse(Doctor, DOCTOR), ...problemResponses('DOCTOR_NOT_FOUND', 'CONFLICT', ...BODY_PROBLEMS) },
    }),
    async (c) =>
      c.json(await scheduler.addLocation(c.req.valid('param').doctorId, c.req.valid('json'), c.req.valid('query')), 200),
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/doctors/{doctorId}/locations/{locationId}',
      tags: ['Locations'],
      summary: 'Remove a location',
      operationId: 'removeLocation',
      description:
        'Refused with 409 `DOCTOR_HAS_APPOINTMENTS` while it has future booked appointments, with 400 when it is ' +
        'the last location or the schedule or an override still names it, and with 422 `LOCATION_NOT_SERVED` when ' +
        'the doctor has no such location.',
      request: { params: LocationParams, query: VersionQuery },
      responses: {
        200: jsonResponse(Doctor, DOCTOR),
        ...problemResponses('DOCTOR_NOT_FOUND', 'CONFLICT', 'DOCTOR_HAS_APPOINTMENTS', 'LOCATION_NOT_SERVED'),
      },
    }),
    async (c) => {
      const { doctorId, locationId } = c.req.valid('param');
      return c.json(await scheduler.removeLocation(doctorId, locationId, c.req.valid('query')), 200);
    },
  );

  const schedule = partRoutes('schedule', WeeklySchedule, 'weekly schedule', 'WeeklySchedule');
  app.openapi(schedule.get, async (c) => c.json((await scheduler.getDoctor(c.req.valid('param').doctorId)).schedule, 200));
  app.openapi(schedule.put, async (c) =>
    c.json(await scheduler.setWeeklySchedule(c.req.valid('param').doctorId, c.req.valid('json'), c.req.valid('query')), 200),
  );

  const overrides = partRoutes('overrides', DateOverrides, 'date overrides', 'Overrides');
  app.openapi(overrides.get, async (c) => c.json([...(await scheduler.getDoctor(c.req.valid('param').doctorId)).overrides], 200));
  app.openapi(overrides.put, async (c) =>
    c.json(await scheduler.setOverrides(c.req.valid('param').doctorId, c.req.valid('json'), c.req.valid('query')), 200),
  );

  const rules = partRoutes('rules', BookingRules, 'booking rules', 'BookingRules');
  app.openapi(rules.get, async (c) => c.json((await scheduler.getDoctor(c.req.valid('param').doctorId)).rules, 200));
  app.openapi(rules.put, async (c) =>
    c.json(await scheduler.setBookingRules(c.req.valid('param').doctorId, c.req.valid('json'), c.req.valid('query')), 200),
  );
}

/** The GET and PUT routes of one part of a doctor that is replaced whole. */
function partRoutes<P extends string, S extends z.ZodType>(path: P, schema: S, what: string, name: string) {
  return {
    get: createRoute({
      method: 'get',
      path: `/doctors/{doctorId}/${path}` as const,
      tags: ['Hours'],
      summary: `Get the ${what}`,
      operationId: `get${name}`,
      request: { params: DoctorIdParam },
      responses: { 200: jsonResponse(schema, `The ${what}.`), ...problemResponses('DOCTOR_NOT_FOUND') },
    }),
    put: createRoute({
      method: 'put',
      path: `/doctors/{doctorId}/${path}` as const,
      tags: ['Hours'],
      summary: `Replace the ${what}`,
      operationId: `set${name}`,
      description: 'Answers with the whole doctor, so that you see its new `version`.',
      request: {
        params: DoctorIdParam,
        query: VersionQuery,
        body: { required: true, content: { 'application/json': { schema } } },
      },
      responses: { 200: jsonResponse(Doctor, DOCTOR), ...problemResponses('DOCTOR_NOT_FOUND', 'CONFLICT', ...BODY_PROBLEMS) },
    }),
  };
}
