// The API on its own (the production shape: it scales apart from workers).
import path from 'node:path';
import { ConfigError, loadApiConfig } from '../config/config';
import { createLog } from '../config/log';
import { openRecords } from '../records/open';
import { loadPayloadKeys } from '../temporal/codec';
import { dataConverter } from '../temporal/data-converter';
import { connectClient } from '../temporal/connection';
import { createApp } from './app';
import { appSettings } from './app-settings';

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
  ...(await appSettings(config, process.cwd(), log, keys)),
  uiOrigins: config.TEMPORAL_UI_ORIGINS ?? [],
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
