import type { Config } from '../config/config';
import type { Log } from '../config/log';
import { EncryptionCodec, type PayloadKeys } from '../temporal/codec';
import { staffOptions } from '../web/staff/options';
import type { AppDeps } from './app';
import { authOptions } from './auth/options';
import { complainantOptions } from './complainant/options';

/**
 * The app's settings as the deployment's configuration gives them, for the
 * API server and `npm start` alike; each adds its own client and records,
 * and the Temporal UI origins it knows of.
 */
export async function appSettings(config: Config, root: string, log: Log, payloadKeys: PayloadKeys | undefined): Promise<Omit<AppDeps, 'client' | 'records'>> {
  return {
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    defaultPolicy: config.DEFAULT_POLICY,
    auth: await authOptions(config, root),
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
    rateLimitPerAddressPerMinute: config.RATE_LIMIT_PER_ADDRESS_PER_MINUTE,
    trustProxy: config.TRUST_PROXY,
    importMaxRows: config.IMPORT_MAX_ROWS,
    temporalTimeoutMs: config.TEMPORAL_CALL_TIMEOUT_MS,
    wakeSpreadMs: config.DEADLINE_WAKE_SPREAD * 1000,
    corsOrigins: config.CORS_ORIGINS,
    codec: payloadKeys ? new EncryptionCodec(payloadKeys) : undefined,
    log: (message, error) => log.error(message, error),
    complainant: complainantOptions(config),
    staff: staffOptions(config),
    // The public pages' council name: `npm start` as well as the API server (COUNCIL_NAME).
    web: { councilName: config.COUNCIL_NAME },
  };
}
