// Registers the namespace (30 days' retention of closed cases' histories)
// and this project's search attributes on a Temporal cluster, reached with
// the app's own settings (TEMPORAL_ADDRESS, TEMPORAL_TLS_*, TEMPORAL_API_KEY).
// Idempotent. docker-compose.yml runs it once the server is healthy:
//   tsx scripts/cluster/namespace.ts
import { ConfigError, loadConfig } from '../../config/config';
import { connectionOptions } from '../../temporal/connection';
import { registerNamespace } from './temporal';

try {
  const config = loadConfig();
  const added = await registerNamespace(connectionOptions(config), config.TEMPORAL_NAMESPACE);
  console.log(`namespace "${config.TEMPORAL_NAMESPACE}" ready${added.length > 0 ? `; search attributes added: ${added.join(', ')}` : ''}`);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `could not register the namespace: ${(error as Error).message}`);
  process.exit(1);
}
