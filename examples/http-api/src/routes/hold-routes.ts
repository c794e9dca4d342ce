import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Scheduler } from 'clinic-slots';
import {
  Appointment,
  ConfirmationIdempotencyHeader,
  Hold,
  HoldConfirmation,
  HoldIdempotencyHeader,
  HoldIdParam,
  HoldRenewal,
  HoldRequest,
} from '../openapi-schemas.js';
import { BODY_PROBLEMS, jsonResponse, problemResponses } from '../responses.js';
import { withIdempotencyKey } from './idempotency-key.js';

/** Where a hold is final or gone: the refusals of every action on one. */
const HOLD_STATE = ['HOLD_NOT_FOUND', 'HOLD_EXPIRED', 'NOT_ACTIVE'] as const;

/**
 * Holds: a start taken for a while, then confirmed into an appointment, released, or left to
 * expire. The actions are POSTs to a sub-resource of the hold, as `cancel` and `reschedule` are of
 * an appointment: each is a guarded change of state with refusals of its own, not a field the
 * client sets (a renewal's `expiresAt` is the server's now plus `ttl`), and a released hold stays
 * readable, so releasing it is not a DELETE.
 */
export function addHoldRoutes(app: OpenAPIHono, scheduler: Scheduler): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/holds',
      tags: ['Holds'],
      summary: 'Hold a slot',
      operationId: 'hold',
      description:
        'Takes a published, free start for `ttl` (a patient filling in a form), judged like a booking. While it is ' +
        'held, its time is missing from the slots and other bookings and holds of it get 409 `SLOT_TAKEN`; at ' +
        "`expiresAt` it frees its time by itself. A `ttl` beyond the doctor's `maxHoldTtl` is 400. Concurrent holds " +
        'of one start: exactly one succeeds, the others get 409 `SLOT_TAKEN`.',
      request: {
        headers: HoldIdempotencyHeader,
        body: { required: true, content: { 'application/json': { schema: HoldRequest } } },
      },
      responses: {
        201: {
          ...jsonResponse(Hold, 'The hold (also for an idempotent retry).'),
          headers: { Location: { schema: { type: 'string' }, description: 'The URL of the hold.' } },
        },
        ...problemResponses(
          'DOCTOR_NOT_FOUND',
          'SLOT_TAKEN',
          'PATIENT_BUSY',
          'CONFLICT',
          'SLOT_NOT_OFFERED',
          'LOCATION_NOT_SERVED',
          'TOO_LATE',
          'BEYOND_HORIZON',
          'IDEMPOTENCY_MISMATCH',
          ...BODY_PROBLEMS,
        ),
      },
    }),
    async (c) => {
      const hold = await scheduler.hold({ ...c.req.valid('json'), ...withIdempotencyKey(c.req.valid('header')['Idempotency-Key']) });
      c.header('Location', `/holds/${hold.id}`);
      return c.json(hold, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/holds/{holdId}',
      tags: ['Holds'],
      summary: 'Get a hold',
      operationId: 'getHold',
      description: 'A `held` hold past its `expiresAt` reads `expired`.',
      request: { params: HoldIdParam },
      responses: { 200: jsonResponse(Hold, 'The hold.'), ...problemResponses('HOLD_NOT_FOUND') },
    }),
    async (c) => c.json(await scheduler.getHold(c.req.valid('param').holdId), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/holds/{holdId}/renewal',
      tags: ['Holds'],
      summary: 'Renew a hold',
      operationId: 'renewHold',
      description:
        "Makes a live hold last `ttl` from now (at most the doctor's `maxHoldTtl`, else 400). An expired hold cannot " +
        'be renewed (409 `HOLD_EXPIRED`): its time may be taken already; hold again.',
      request: { params: HoldIdParam, body: { required: true, content: { 'application/json': { schema: HoldRenewal } } } },
      responses: {
        200: jsonResponse(Hold, 'The hold, with its new `expiresAt`.'),
        ...problemResponses(...HOLD_STATE, 'DOCTOR_NOT_FOUND', ...BODY_PROBLEMS),
      },
    }),
    async (c) => c.json(await scheduler.renewHold(c.req.valid('param').holdId, c.req.valid('json')), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/holds/{holdId}/release',
      tags: ['Holds'],
      summary: 'Release a hold',
      operationId: 'releaseHold',
      description: 'Gives a live hold up: its time is free again at once. The hold stays readable, `released`.',
      request: { params: HoldIdParam },
      responses: { 200: jsonResponse(Hold, 'The released hold.'), ...problemResponses(...HOLD_STATE) },
    }),
    async (c) => c.json(await scheduler.releaseHold(c.req.valid('param').holdId), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/holds/{holdId}/confirmation',
      tags: ['Holds'],
      summary: 'Confirm a hold into an appointment',
      operationId: 'confirmHold',
      description:
        'Books the held time for a patient and marks the hold `confirmed`, as one unit: both happen or neither. ' +
        'Refused with 409 `HOLD_EXPIRED` at or after `expiresAt`, and `NOT_ACTIVE` once released or confirmed ' +
        '(except for a retry with the same `Idempotency-Key`, which answers with the same appointment).',
      request: {
        params: HoldIdParam,
        headers: ConfirmationIdempotencyHeader,
        body: { required: true, content: { 'application/json': { schema: HoldConfirmation } } },
      },
      responses: {
        201: {
          ...jsonResponse(Appointment, 'The appointment (also for an idempotent retry).'),
          headers: { Location: { schema: { type: 'string' }, description: 'The URL of the new appointment.' } },
        },
        ...problemResponses(...HOLD_STATE, 'DOCTOR_NOT_FOUND', 'PATIENT_BUSY', 'SLOT_TAKEN', 'CONFLICT', 'IDEMPOTENCY_MISMATCH', ...BODY_PROBLEMS),
      },
    }),
    async (c) => {
      const appointment = await scheduler.confirmHold(c.req.valid('param').holdId, {
        ...c.req.valid('json'),
        ...withIdempotencyKey(c.req.valid('header')['Idempotency-Key']),
      });
      c.header('Location', `/appointments/${appointment.id}`);
      return c.json(appointment, 201);
    },
  );
}
