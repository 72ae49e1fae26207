import { Client } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { councilNamespace, DEFAULT_COUNCIL } from '../domain/council';
import { currentCouncil } from '../records/council';
import type { Records } from '../records/repository';
import { PROBLEM_TYPES, ProblemError } from './problems';

/** A council not added to this deployment: its records may be read, nothing else (503). */
export class CouncilNotServed extends ProblemError {}

export function notServedProblem(council: string): CouncilNotServed {
  return new CouncilNotServed(
    503,
    PROBLEM_TYPES.unavailable,
    'Council not served here',
    `Council ${council} has not been added to this deployment (npm run council -- add ${council}), so its cases run in no namespace this API reaches (${councilNamespace(council, 'default')}); only reads of its records are answered.`,
    {},
    { 'Retry-After': '3600' },
  );
}

export interface CouncilClients {
  /**
   * Whether this deployment serves `council`: `default` always, another once
   * `npm run council -- add` has written its row. A council added while the
   * API runs is served within the council directory's TTL
   * (records/council-directory.ts).
   */
  serves(council: string): Promise<boolean>;
  /** The client of `council`'s namespace (served councils only). */
  of(council: string): Client;
  /** `council`'s namespace: its client's, or for a council not served the one it would have. */
  namespaceOf(council: string): string;
  /**
   * One client for every route: each call goes to the namespace of the
   * request's council (records/council.ts currentCouncil), so no route can
   * start, signal or query a case in another council's namespace.
   */
  routed: Client;
}

/**
 * A client per council the API serves, over the default client's one
 * connection and data converter (one set of payload keys per deployment):
 * `default` is the deployment's own namespace, any other council's is the
 * one its councils row names (`complaints-<id>`).
 */
export function councilClients(defaultClient: Client, records: Records): CouncilClients {
  const clients = new Map<string, Client>([[DEFAULT_COUNCIL, defaultClient]]);
  // The base client's own converter (a protected getter): the same payload codec in every namespace.
  const dataConverter = (defaultClient as unknown as { dataConverter: DataConverter }).dataConverter;

  async function serves(council: string): Promise<boolean> {
    if (clients.has(council)) return true;
    const settings = (await records.councils.find(council))?.settings;
    if (!settings) return false;
    if (!clients.has(council)) {
      clients.set(council, new Client({ connection: defaultClient.connection, namespace: settings.namespace, dataConverter, identity: defaultClient.options.identity }));
    }
    return true;
  }

  function of(council: string): Client {
    const client = clients.get(council);
    if (client) return client;
    throw notServedProblem(council);
  }

  const routed = new Proxy(defaultClient, {
    get(_target, property) {
      // One connection for all: a deadline on it (api/app.ts) holds for any council's calls.
      if (property === 'connection') return defaultClient.connection;
      const client = of(currentCouncil());
      const value: unknown = Reflect.get(client, property, client);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(client) : value;
    },
  });
  const namespaceOf = (council: string) => clients.get(council)?.options.namespace ?? councilNamespace(council, defaultClient.options.namespace);
  return { serves, of, namespaceOf, routed };
}
