// The API on its own (the production shape: it scales apart from workers).
import { loadConfig } from '../config/config';
import { connectClient } from '../temporal/connection';
import { createApp } from './app';

const config = loadConfig();
const client = await connectClient(config);
const app = createApp({ client, taskQueue: config.TEMPORAL_TASK_QUEUE, defaultPolicy: config.DEFAULT_POLICY });
const server = app.listen(config.PORT, config.HOST, () => {
  console.log(`API listening on http://${config.HOST}:${config.PORT}`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    void client.connection.close();
  });
}
