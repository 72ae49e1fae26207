// The API on its own (the production shape: it scales apart from workers).
import path from 'node:path';
import { ConfigError, loadApiConfig } from '../config/config';
import { createLog } from '../config/log';
import { openRecords } from '../records/open';
import { EncryptionCodec, loadPayloadKeys } from '../temporal/codec';
import { dataConverter } from '../temporal/data-converter';
import { connectClient } from '../temporal/connection';
import { createApp } from './app';
import { authOptions } from './auth/options';
import { staffOptions } from '../web/staff/options';
import { complainantOptions } from './complainant/options';

// Before anything connects: a bad setting (or production without AUTH_JWKS_URL) stops here, by name.
let config;
try {
  config = loadApiConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`\n${error.message}\n`);
  process.exit(1);
}
const log = createLog(config.LOG_LEVEL);
const keys = config.PAYLOAD_ENCRYPTION
  ? loadPayloadKeys({ json: config.PAYLOAD_KEYS, file: config.PAYLOAD_KEYS_FILE, dataDir: path.resolve(config.DATA_DIR) })
  : undefined;
const client = await connectClient(config, undefined, dataConverter(keys));
const { records } = await openRecords(config, process.cwd());
const app = createApp({
  client,
  records,
  taskQueue: config.TEMPORAL_TASK_QUEUE,
  defaultPolicy: config.DEFAULT_POLICY,
  auth: await authOptions(config, process.cwd()),
  bodyLimitBytes: config.BODY_LIMIT_BYTES,
  rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
  rateLimitPerAddressPerMinute: config.RATE_LIMIT_PER_ADDRESS_PER_MINUTE,
  trustProxy: config.TRUST_PROXY,
  importMaxRows: config.IMPORT_MAX_ROWS,
  temporalTimeoutMs: config.TEMPORAL_CALL_TIMEOUT_MS,
  wakeSpreadMs: config.DEADLINE_WAKE_SPREAD * 1000,
  corsOrigins: config.CORS_ORIGINS,
  codec: keys ? new EncryptionCodec(keys) : undefined,
  uiOrigins: config.TEMPORAL_UI_ORIGINS ?? [],
  log: (message, error) => log.error(message, error),
  complainant: complainantOptions(config),
  staff: staffOptions(config),
  web: { councilName: config.COUNCIL_NAME },
});
const server = app.listen(config.PORT, config.HOST, () => {
  log.info(`API listening on http://${config.HOST}:${config.PORT}`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    void client.connection.close();
  });
}
