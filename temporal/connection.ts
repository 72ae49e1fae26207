import fs from 'node:fs';
import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import { SearchAttributeType, TypedSearchAttributes, type DataConverter } from '@temporalio/common';
import { NativeConnection } from '@temporalio/worker';
import type { Config } from '../config/config';
import { SEARCH_ATTRIBUTES } from '../workflows/complaint/search-attributes';

/** Connection settings from the standard TEMPORAL_* names; TLS when a key, cert or API key asks for it. */
export function connectionOptions(config: Config, devServerAddress?: string): ConnectionOptions {
  const address = config.TEMPORAL_ADDRESS ?? devServerAddress ?? `127.0.0.1:${config.TEMPORAL_DEV_SERVER_PORT}`;
  const wantsTls =
    config.TEMPORAL_TLS ??
    Boolean(config.TEMPORAL_TLS_CLIENT_CERT_PATH || config.TEMPORAL_TLS_SERVER_CA_CERT_PATH || config.TEMPORAL_API_KEY);
  const tls = wantsTls
    ? {
        serverNameOverride: config.TEMPORAL_TLS_SERVER_NAME,
        serverRootCACertificate: config.TEMPORAL_TLS_SERVER_CA_CERT_PATH
          ? fs.readFileSync(config.TEMPORAL_TLS_SERVER_CA_CERT_PATH)
          : undefined,
        clientCertPair:
          config.TEMPORAL_TLS_CLIENT_CERT_PATH && config.TEMPORAL_TLS_CLIENT_KEY_PATH
            ? {
                crt: fs.readFileSync(config.TEMPORAL_TLS_CLIENT_CERT_PATH),
                key: fs.readFileSync(config.TEMPORAL_TLS_CLIENT_KEY_PATH),
              }
            : undefined,
      }
    : false;
  return { address, tls, apiKey: config.TEMPORAL_API_KEY };
}

export async function connectClient(config: Config, devServerAddress?: string, dataConverter?: DataConverter): Promise<Client> {
  const connection = await Connection.connect(connectionOptions(config, devServerAddress));
  return new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter });
}

export async function connectWorker(config: Config, devServerAddress?: string): Promise<NativeConnection> {
  const { address, tls } = connectionOptions(config, devServerAddress);
  return NativeConnection.connect({ address, tls, apiKey: config.TEMPORAL_API_KEY });
}

/**
 * Registers the workflows' custom search attributes on a cluster that lacks
 * them (the dev server gets them as start-up flags). Idempotent.
 */
export async function registerSearchAttributes(
  client: Client,
  namespace: string,
  options: { canList: boolean } = { canList: true },
): Promise<string[]> {
  // The time-skipping test server cannot list them, but accepts additions.
  const existing = options.canList
    ? (await client.connection.operatorService.listSearchAttributes({ namespace })).customAttributes ?? {}
    : {};
  const missing = SEARCH_ATTRIBUTES.filter((key) => !(key.name in existing));
  if (missing.length === 0) return [];
  await client.connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(missing.map((key) => [key.name, INDEXED_VALUE_TYPE[key.type]])),
  });
  return missing.map((key) => key.name);
}

// temporal.api.enums.v1.IndexedValueType
const INDEXED_VALUE_TYPE: Record<SearchAttributeType, number> = {
  [SearchAttributeType.TEXT]: 1,
  [SearchAttributeType.KEYWORD]: 2,
  [SearchAttributeType.INT]: 3,
  [SearchAttributeType.DOUBLE]: 4,
  [SearchAttributeType.BOOL]: 5,
  [SearchAttributeType.DATETIME]: 6,
  [SearchAttributeType.KEYWORD_LIST]: 7,
};

/** `--search-attribute Name=Type` flags for `temporal server start-dev`. */
export function devServerSearchAttributeFlags(): string[] {
  return SEARCH_ATTRIBUTES.flatMap((key) => [
    '--search-attribute',
    `${key.name}=${TypedSearchAttributes.toMetadataType(key.type)}`,
  ]);
}
