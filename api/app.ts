import express from 'express';
import type { Client } from '@temporalio/client';
import { errorHandler, notFound, PROBLEM_TYPES, ProblemError } from './problems';
import { complaintRoutes } from './routes/complaints';

export interface AppDeps {
  client: Client;
  taskQueue: string;
  defaultPolicy: string;
  log?: (message: string, error?: unknown) => void;
}

/** The staff API, built apart from `listen` so tests drive it in-process. */
export function createApp(deps: AppDeps): express.Express {
  const log = deps.log ?? ((message, error) => console.error(message, error));
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '256kb' }));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await deps.client.connection.workflowService.getSystemInfo({});
    } catch {
      res.setHeader('Retry-After', '5');
      throw new ProblemError(503, PROBLEM_TYPES.unavailable, 'Not ready', 'Temporal is not reachable');
    }
    res.json({ status: 'ready', temporal: 'ok' });
  });

  app.use('/v1/complaints', complaintRoutes(deps));
  app.use(notFound);
  app.use(errorHandler(log));
  return app;
}
