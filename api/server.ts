// The API on its own (the production shape: it scales apart from workers).
import { loadConfig } from '../config/config';
import { connectClient } from '../temporal/connection';
import { createApp } from './app';
import { authOptions } from './auth/options';

const config = loadConfig();
const client = await connectClient(config);
const app = createApp({
  client,
  taskQueue: config.TEMPORAL_TASK_QUEUE,
  defaultPolicy: config.DEFAULT_POLICY,
  auth: await authOptions(config, process.cwd()),
  bodyLimitBytes: config.BODY_LIMIT_BYTES,
  rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
  corsOrigins: config.CORS_ORIGINS,
});
const server = app.listen(config.PORT, config.HOST, () => {
  console.log(`API listening on http://${config.HOST}:${config.PORT}`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    void client.connection.close();
  });
}
