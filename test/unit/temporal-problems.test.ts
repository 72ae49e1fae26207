/**
 * Temporal's answers become HTTP problems in the one error handler
 * (api/problems.ts), not in each route: a refused Update is a 409 with its
 * reason and the resource's words, a missing complaint a 404, a finished
 * action a 409, and anything else from Temporal stays a 500.
 */
import express from 'express';
import type { AddressInfo } from 'node:net';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHandler } from '../../api/problems';

const refused = () => new WorkflowUpdateFailedError('update failed', ApplicationFailure.create({ type: 'TransitionRefused', message: 'already acknowledged', nonRetryable: true }));
const missing = () => new WorkflowNotFoundError('workflow not found', 'CSC-2026-ABC123', undefined);

let base: string;
let close: () => void;
beforeAll(async () => {
  const app = express();
  // Each route throws what the Temporal client would; the handler alone answers.
  app.post('/v1/complaints/:ref/commands/acknowledge', () => { throw refused(); });
  app.get('/v1/complaints/:ref', () => { throw missing(); });
  app.post('/v1/actions/:id/commands/complete', () => { throw missing(); });
  app.post('/v1/actions/:id/commands/extend', () => { throw refused(); });
  app.post('/v1/conduct/:id/commands/warn', () => { throw refused(); });
  app.post('/v1/conduct/:id/other', () => { throw missing(); });
  app.post('/v1/complaints/:ref/commands/other', () => { throw new WorkflowUpdateFailedError('update failed', ApplicationFailure.create({ type: 'SomethingElse', message: 'x' })); });
  app.use(errorHandler(() => {}));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close());

async function problem(method: string, path: string) {
  const res = await fetch(`${base}${path}`, { method });
  return { status: res.status, ...((await res.json()) as { type: string; title: string; detail?: string }) };
}

describe('Temporal errors in the error handler', () => {
  it('a refused complaint command is a 409 with the reason', async () => {
    expect(await problem('POST', '/v1/complaints/CSC-2026-ABC123/commands/acknowledge')).toMatchObject({
      status: 409,
      type: '/problems/transition-refused',
      title: 'The case does not allow this step',
      detail: 'already acknowledged',
    });
  });

  it('a complaint with no workflow is a 404 naming its reference', async () => {
    expect(await problem('GET', '/v1/complaints/CSC-2026-ABC123')).toMatchObject({
      status: 404,
      type: '/problems/not-found',
      title: 'No such complaint',
      detail: 'No complaint has reference CSC-2026-ABC123',
    });
  });

  it("an action's step: refused, or its workflow over, is a 409", async () => {
    expect(await problem('POST', '/v1/actions/A/commands/extend')).toMatchObject({ status: 409, title: 'The action does not allow this step', detail: 'already acknowledged' });
    expect(await problem('POST', '/v1/actions/A/commands/complete')).toMatchObject({ status: 409, title: 'The action does not allow this step', detail: 'the action is no longer open' });
  });

  it('a refused conduct decision is a 409; other Temporal failures stay 500s', async () => {
    expect(await problem('POST', '/v1/conduct/1/commands/warn')).toMatchObject({ status: 409, title: 'The protocol does not allow this decision' });
    expect(await problem('POST', '/v1/conduct/1/other')).toMatchObject({ status: 500 });
    expect(await problem('POST', '/v1/complaints/CSC-2026-ABC123/commands/other')).toMatchObject({ status: 500 });
  });
});
