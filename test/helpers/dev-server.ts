import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import { createActivities } from '../../activities';
import { createApp } from '../../api/app';

let runtimeInstalled = false;

export interface ApiHarness {
  baseUrl: string;
  client: Client;
  taskQueue: string;
  stop(): Promise<void>;
}

/**
 * The API in-process on a free port, against the run's dev server, with a
 * worker on a task queue of its own.
 */
export async function startApi(): Promise<ApiHarness> {
  if (!runtimeInstalled) {
    runtimeInstalled = true;
    Runtime.install({ logger: new DefaultLogger('WARN') });
  }
  const address = inject('devServerAddress');
  const taskQueue = `api-test-${randomUUID()}`;
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  const nativeConnection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue,
    workflowBundle: { codePath: inject('workflowBundlePath') },
    activities: createActivities({}),
  });
  const running = worker.run();
  const app = createApp({ client, taskQueue, defaultPolicy: 'england-statutory', log: () => undefined });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    client,
    taskQueue,
    async stop() {
      await new Promise((resolve) => server.close(resolve));
      worker.shutdown();
      await running;
      await nativeConnection.close();
      await connection.close();
    },
  };
}
