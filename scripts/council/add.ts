import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client, type Connection } from '@temporalio/client';
import { z } from 'zod';
import { councilIdProblem, councilNamespace, DEFAULT_COUNCIL } from '../../domain/council';
import { getPolicy, POLICY_PROFILES } from '../../domain/policy';
import { secretRefProblem } from '../../config/secret-ref';
import type { Db } from '../../records/db';
import type { CouncilDirectory } from '../../records/council-directory';
import { CouncilStore, type CouncilSettings } from '../../records/councils';
import { ensureNamespace, ensureRetentionScheduleOnce, ensureSearchAttributes } from '../../temporal/namespaces';

/** A command line that cannot be run: the message says what to change. */
export class UsageError extends Error {}

export const USAGE = `usage:
  npm run council -- add <id> --name "<council name>" --policy <profile>[@<version>] [options]
  npm run council -- list

<id>: lowercase letters, digits and hyphens, starting with a letter (such as luton or north-somerset);
its cases run in the Temporal namespace complaints-<id>.
options (each optional; a letter field left out is the deployment's COUNCIL_* setting):
  --address "<postal address>"     --contact "<complaints contact>"   --phone "<phone>"   --email <address>
  --logo <path to an image file>   --mail-from <address>
  --notify-key env:NAME|file:/path     where the council's GOV.UK Notify key is (never the key itself)
  --smtp-url env:NAME|file:/path       where the council's SMTP URL is
  --notify-template-ids '{"default":"<id>"}'`;

export type CouncilCommand = { command: 'list' } | { command: 'add'; settings: CouncilSettings };

const PHONE = /^\+?[\d ()-]{6,30}$/;

/** The command line as a command, or a `UsageError` saying what is wrong with it. Nothing is touched. */
export function parseCouncilArgs(argv: string[], root = process.cwd()): CouncilCommand {
  const [command, ...rest] = argv;
  if (command === 'list') {
    if (rest.length > 0) throw new UsageError(`list takes no arguments (given: ${rest.join(' ')})\n${USAGE}`);
    return { command: 'list' };
  }
  if (command !== 'add') throw new UsageError(command ? `unknown command "${command}": add or list\n${USAGE}` : USAGE);
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      strict: true,
      options: Object.fromEntries(
        ['name', 'policy', 'address', 'contact', 'phone', 'email', 'logo', 'mail-from', 'notify-key', 'smtp-url', 'notify-template-ids'].map((o) => [o, { type: 'string' as const }]),
      ),
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  const problems: string[] = [];
  if (positionals.length !== 1) problems.push(positionals.length === 0 ? 'the council id is missing: add <id> …' : `one council id, not ${positionals.length}: ${positionals.join(' ')}`);
  const id = positionals[0] ?? '';
  const idProblem = positionals.length === 1 ? councilIdProblem(id) : undefined;
  if (idProblem) problems.push(idProblem);
  if (id === DEFAULT_COUNCIL) problems.push('"default" is the embedded default\'s council: its settings are the deployment\'s (COUNCIL_NAME, DEFAULT_POLICY …), not this command\'s');
  const name = values.name?.trim();
  if (!name) problems.push('--name is required: the council\'s name as its letters give it, such as --name "Luton Borough Council"');
  else if (name.length > 200) problems.push(`--name has at most 200 characters (${name.length} given)`);
  let policyId = '';
  let policyVersion = 0;
  if (!values.policy) problems.push(`--policy is required: one of ${Object.keys(POLICY_PROFILES).join(', ')}, optionally with a version (luton@1)`);
  else {
    const match = /^([a-z0-9-]+)(?:@(\d+))?$/.exec(values.policy);
    if (!match || !POLICY_PROFILES[match[1]!]) problems.push(`--policy ${values.policy} is not a policy profile: one of ${Object.keys(POLICY_PROFILES).join(', ')}, optionally @<version>`);
    else {
      try {
        const policy = getPolicy(match[1]!, match[2] === undefined ? undefined : Number(match[2]));
        policyId = policy.id;
        policyVersion = policy.version;
      } catch (error) {
        problems.push(`--policy ${values.policy}: ${(error as Error).message.replace(/^invalid policy:\s*/, '')}`);
      }
    }
  }
  if (values.phone !== undefined && !PHONE.test(values.phone.trim())) problems.push(`--phone ${values.phone} is not a phone number such as 01582 546000`);
  for (const key of ['email', 'mail-from'] as const) {
    if (values[key] !== undefined && !z.email().safeParse(values[key]).success) problems.push(`--${key} ${values[key]} is not an email address such as complaints@luton.gov.uk`);
  }
  if (values.address !== undefined && (values.address.trim().length < 5 || values.address.length > 300)) problems.push('--address is a postal address of 5 to 300 characters');
  if (values.logo !== undefined && !fs.existsSync(path.resolve(root, values.logo))) problems.push(`--logo ${values.logo}: no such file`);
  for (const key of ['notify-key', 'smtp-url'] as const) {
    const problem = values[key] === undefined ? undefined : secretRefProblem(values[key]);
    if (problem) problems.push(`--${key}: ${problem}`);
  }
  let notifyTemplateIds: Record<string, string> | undefined;
  if (values['notify-template-ids'] !== undefined) {
    let ids: unknown;
    try {
      ids = JSON.parse(values['notify-template-ids']);
    } catch {
      ids = undefined;
    }
    const checked = z.record(z.string(), z.string().min(1)).safeParse(ids);
    if (checked.success) notifyTemplateIds = checked.data;
    else problems.push('--notify-template-ids is a JSON object of template names to Notify template ids, such as {"default":"<id>"}');
  }
  if (problems.length > 0) throw new UsageError(`${problems.join('\n')}\n\n${USAGE}`);
  return {
    command: 'add',
    settings: {
      id,
      name: name!,
      namespace: councilNamespace(id, 'default'),
      policyId,
      policyVersion,
      letters: drop({
        name: name!,
        complaintsContact: values.contact?.trim(),
        address: values.address?.trim(),
        phone: values.phone?.trim(),
        email: values.email,
        logoPath: values.logo,
      }),
      channels: drop({ notifyApiKeyRef: values['notify-key'], smtpUrlRef: values['smtp-url'], mailFrom: values['mail-from'], notifyTemplateIds }),
    },
  };
}

function drop<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export interface CouncilDeps {
  /** The records database as its owner (not a council's handle): it writes the councils table. */
  db: Db;
  /** The Temporal server, as the app's settings reach it. */
  connection: Connection;
  /** The task queue the council's workers poll (TEMPORAL_TASK_QUEUE). */
  taskQueue: string;
  /** Run in the process that serves the councils: its directory, told at once (others see the change within its TTL). */
  directory?: Pick<CouncilDirectory, 'forget'>;
}

export interface CouncilChanges {
  namespace: 'created' | 'unchanged';
  searchAttributesAdded: string[];
  retentionSchedule: 'created' | 'updated' | 'unchanged';
  settings: 'created' | 'updated' | 'unchanged';
}

/**
 * Adds a council, or brings it up to date: its namespace, that namespace's
 * search attributes and retention Schedule, then its row and settings, last,
 * so a council listed is one whose namespace is ready. Each step finds what
 * an earlier run did, so a second run with the same settings changes nothing.
 */
export async function addCouncil(deps: CouncilDeps, settings: CouncilSettings): Promise<CouncilChanges> {
  const namespace = await ensureNamespace(deps.connection, settings.namespace);
  const client = new Client({ connection: deps.connection, namespace: settings.namespace });
  const searchAttributesAdded = await ensureSearchAttributes(client, settings.namespace);
  const retentionSchedule = await ensureRetentionScheduleOnce(client, { taskQueue: deps.taskQueue, policyId: settings.policyId });
  const stored = await new CouncilStore(deps.db).put(settings);
  deps.directory?.forget(settings.id);
  return { namespace, searchAttributesAdded, retentionSchedule, settings: stored };
}

/** What a run did, in words, one line a step. */
export function describeChanges(id: string, namespace: string, changes: CouncilChanges): string {
  const lines = [
    `namespace ${namespace}: ${changes.namespace === 'created' ? 'created' : 'already there'}`,
    `search attributes: ${changes.searchAttributesAdded.length > 0 ? `registered ${changes.searchAttributesAdded.join(', ')}` : 'all there'}`,
    `retention schedule: ${changes.retentionSchedule === 'unchanged' ? 'already there' : changes.retentionSchedule}`,
    `council ${id}: ${changes.settings === 'unchanged' ? 'settings as given already' : `settings ${changes.settings}`}`,
  ];
  const nothing = changes.namespace === 'unchanged' && changes.searchAttributesAdded.length === 0 && changes.retentionSchedule === 'unchanged' && changes.settings === 'unchanged';
  return `${lines.join('\n')}\n${nothing ? 'nothing changed' : 'done'}`;
}
