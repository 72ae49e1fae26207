// `npm run council -- add <id> --name "…" --policy <profile>[@version] [options]`
// adds a council to this deployment (its Temporal namespace complaints-<id>,
// that namespace's search attributes and retention Schedule, its records row
// and settings), or brings it up to date; run twice, it changes nothing.
// `npm run council -- list` lists the councils. It reaches Temporal and the
// records as the app does (TEMPORAL_*, DATABASE_URL or DATA_DIR).
import path from 'node:path';
import net from 'node:net';
import { Connection } from '@temporalio/client';
import { ConfigError, loadConfig } from '../config/config';
import { openDatabase } from '../records/db';
import { migrate } from '../records/migrate';
import { CouncilStore } from '../records/councils';
import { connectionOptions } from '../temporal/connection';
import { startDevServer, type DevServer } from '../temporal/dev-server';
import { addCouncil, describeChanges, parseCouncilArgs, UsageError, type CouncilCommand } from './council/add';
// @ts-expect-error plain JS helper shared with the bootstrap
import { ROOT, TEMPORAL_CLI } from './tools.mjs';

function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

let command: CouncilCommand;
try {
  command = parseCouncilArgs(process.argv.slice(2), ROOT as string);
} catch (error) {
  if (error instanceof UsageError) fail(error.message, 2);
  throw error;
}
let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) fail(error.message, 2);
  throw error;
}

const dataDir = path.resolve(ROOT as string, config.DATA_DIR);
const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: path.join(dataDir, 'records') });
try {
  await migrate(db);
  if (command.command === 'list') {
    for (const council of await new CouncilStore(db).list()) {
      console.log(
        council.id === 'default'
          ? `default  namespace ${config.TEMPORAL_NAMESPACE}  policy ${config.DEFAULT_POLICY}  (the deployment's own settings)`
          : `${council.id}  namespace ${council.namespace}  policy ${council.policyId}@${council.policyVersion}  ${council.name}`,
      );
    }
  } else {
    let devServer: DevServer | undefined;
    const options = connectionOptions(config);
    if (!config.TEMPORAL_ADDRESS) {
      // The embedded default: its dev server runs inside `npm start`. If it answers,
      // npm start is running, and its PGlite records belong to that one process.
      // A plain TCP probe: a gRPC handshake can take seconds on a loaded machine, and
      // whatever holds the port, a second dev server could not start on it.
      const running = await portAnswers(options.address ?? `127.0.0.1:${config.TEMPORAL_DEV_SERVER_PORT}`);
      if (running && !config.DATABASE_URL) {
        fail(
          `npm start is running (the Temporal dev server answers on ${options.address}), and the embedded records database belongs to its process alone.\n` +
            'Stop npm start, run this again, then start it again; or set DATABASE_URL and TEMPORAL_ADDRESS to add the council to a running deployment.',
        );
      }
      if (!running) {
        devServer = await startDevServer({
          binary: TEMPORAL_CLI as string,
          port: config.TEMPORAL_DEV_SERVER_PORT,
          dbFile: path.join(dataDir, 'temporal.db'),
          logFile: path.join(dataDir, 'temporal.log'),
          namespace: config.TEMPORAL_NAMESPACE,
        }).catch((error: Error) => fail(`Could not start the Temporal dev server: ${error.message}`));
      }
    }
    const connection = await Connection.connect({ ...options, connectTimeout: 10_000 }).catch((error: Error) =>
      fail(`Could not reach Temporal at ${options.address}: ${error.message}`),
    );
    try {
      const changes = await addCouncil({ db, connection, taskQueue: config.TEMPORAL_TASK_QUEUE }, command.settings);
      console.log(describeChanges(command.settings.id, command.settings.namespace, changes));
    } finally {
      await connection.close();
      await devServer?.stop();
    }
  }
} finally {
  await db.close();
}

/** Whether anything accepts a TCP connection at `host:port` (within 5 s). */
function portAnswers(address: string): Promise<boolean> {
  const at = address.lastIndexOf(':');
  return new Promise((resolve) => {
    const socket = net.connect({ host: address.slice(0, at), port: Number(address.slice(at + 1)) });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(5_000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
