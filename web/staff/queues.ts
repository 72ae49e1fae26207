import { listingScope } from '../../domain/access';
import type { CommandName } from '../../domain/complaint/commands';
import type { RoleRule } from '../../domain/command-table';
import { COMMAND_TABLE } from '../../domain/complaint/table';
import { londonDateOf, type IsoDate } from '../../domain/dates';
import type { Caller } from '../../api/auth/authenticate';
import { StaffQueues, type QueuePage } from '../../records/staff-queues';
import type { Db } from '../../records/db';
import { longDate } from '../pages';

/**
 * The working queues on the staff pages: what awaits someone's decision or
 * act (records/staff-queues.ts, under the listing's access rule), each row
 * linked to its case and to the form of the command that resolves it. Dates,
 * teams and staff ids only: no personal data, so no access log entry.
 */
export const QUEUE_NAMES = ['late-escalations', 'extensions', 'panels', 'actions'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export interface QueueRow {
  reference: string;
  /** The row's cells after the reference, in the order of the queue's `columns`. */
  cells: Array<{ text: string; date?: IsoDate }>;
  /** The commands that resolve it, each a form on the case. */
  resolve: Array<{ text: string; href: string }>;
}

export interface Queue {
  name: QueueName;
  title: string;
  /** What the queue holds, in a sentence. */
  about: string;
  columns: string[];
  rows: QueueRow[];
  /** More than one page: the rows are the first `limit`. */
  more: boolean;
  /** Where the next page starts, or null on the last page. */
  nextCursor: string | null;
}

const STAGE_WORDS: Record<string, string> = { stage2: 'Stage 2', stage3: 'Stage 3 (Review Panel)' };

const date = (d: IsoDate) => ({ text: longDate(d), date: d });
const instantDate = (at: string) => date(londonDateOf(Date.parse(at)));

export const QUEUE_TITLES: Record<QueueName, string> = {
  'late-escalations': 'Late requests for the next stage to decide',
  extensions: 'Extensions awaiting the complainant’s agreement',
  panels: 'Review Panels to schedule',
  actions: 'Actions past their date',
};

/** One queue's rows for this person, the oldest duty first. */
export async function queueOf(db: Db, caller: Caller, name: QueueName, today: IsoDate, limit = 200, cursor?: string): Promise<Queue> {
  const at = cursor ? { cursor } : {};
  const queues = new StaffQueues(db);
  const scope = listingScope(caller);
  // A link to a form the person's roles could never send is left out; their part in each case is checked on the form's page.
  // `field`: the resolution needs a field a role rule keeps for some roles (accepting a late request is a manager's).
  const may = (command: CommandName, field?: string) => {
    const rule = field ? (COMMAND_TABLE[command] as { rolesWhen?: readonly RoleRule[] }).rolesWhen?.find((r) => r.field === field) : undefined;
    return caller.roles.some((r) => COMMAND_TABLE[command].roles.includes(r) && (!rule || rule.roles.includes(r)));
  };
  const form = (reference: string, command: CommandName, text: string, field?: string) => (may(command, field) ? [{ text, href: `/staff/cases/${reference}/commands/${command}` }] : []);
  const base = { name, title: QUEUE_TITLES[name] };
  const done = <T>(page: QueuePage<T>, rest: Omit<Queue, 'name' | 'title' | 'rows' | 'more' | 'nextCursor'>, row: (item: T) => QueueRow): Queue => ({ ...base, ...rest, rows: page.items.map(row), more: page.nextCursor !== null, nextCursor: page.nextCursor });
  switch (name) {
    case 'late-escalations':
      return done(
        await queues.lateEscalations(scope, { limit, ...at }),
        { about: 'Requests for the next stage made after the complainant’s window closed: a complaints manager accepts one with a reason, or refuses it.', columns: ['Team', 'To', 'Asked on', 'Window closed', 'Decide by'] },
        (i) => ({
          reference: i.reference,
          cells: [{ text: i.team ?? 'None' }, { text: STAGE_WORDS[i.to] ?? i.to }, instantDate(i.requestedAt), date(i.windowClosedOn), date(i.decideBy)],
          resolve: [...form(i.reference, 'escalate', 'Accept the late request', 'lateAcceptedReason'), ...form(i.reference, 'refuse-escalation', 'Refuse it')],
        }),
      );
    case 'extensions':
      return done(
        await queues.extensionsAwaitingAgreement(scope, { limit, ...at }),
        { about: 'Stage 2 extensions asked of the complainant and not yet answered: the response date stands until they agree.', columns: ['Team', 'Asked on', 'Working days', 'Response due now', 'Due if agreed'] },
        (i) => ({
          reference: i.reference,
          cells: [{ text: i.team ?? 'None' }, instantDate(i.requestedAt), { text: String(i.workingDays) }, date(i.due), date(i.proposedDue)],
          resolve: form(i.reference, 'answer-extension', 'Record their answer'),
        }),
      );
    case 'panels':
      return done(
        await queues.panelsToSchedule(scope, { limit, ...at }),
        { about: 'Review Panels asked for and not yet given a date: a panel meets within 30 working days of the request (Luton 19.1).', columns: ['Team', 'Asked on', 'Meet by', 'Clock'] },
        (i) => ({
          reference: i.reference,
          cells: [{ text: i.team ?? 'None' }, instantDate(i.requestedAt), date(i.panelBy), { text: i.state }],
          resolve: form(i.reference, 'schedule-panel', 'Schedule the panel'),
        }),
      );
    case 'actions':
      return done(
        await queues.actionsPastDate(scope, { today, limit, ...at }),
        { about: 'Actions of an action plan still open after their date: their owner completes them, or a manager reassigns or extends them, through the actions API.', columns: ['Owner', 'Recommendation', 'Due'] },
        (i) => ({ reference: i.reference, cells: [{ text: i.owner }, { text: i.recommendationId }, date(i.due)], resolve: [] }),
      );
  }
}

/** The caseload's list of queues, each with its count ("200+" past one page). */
export async function queueCounts(db: Db, caller: Caller, today: IsoDate): Promise<Array<{ title: string; href: string; count: string }>> {
  return Promise.all(
    QUEUE_NAMES.map(async (name) => {
      const q = await queueOf(db, caller, name, today);
      return { title: q.title, href: `/staff/queues/${name}`, count: `${q.rows.length}${q.more ? '+' : ''}` };
    }),
  );
}

/** The queues of decisions: a late request for the next stage, a complainant's answer to an extension, a panel's date. */
const DECISION_QUEUES: readonly QueueName[] = ['late-escalations', 'extensions', 'panels'];

/**
 * The cases waiting on a decision this person's roles make: the rows of the
 * decision queues that offer them a form to resolve it (queueOf's `resolve`,
 * the command table's roles), so a manager sees the late requests and an
 * officer the extensions and panels, from the queues' one query each.
 */
export async function awaitingDecision(db: Db, caller: Caller, today: IsoDate): Promise<Set<string>> {
  const queues = await Promise.all(DECISION_QUEUES.map((name) => queueOf(db, caller, name, today)));
  return new Set(queues.flatMap((q) => q.rows.filter((r) => r.resolve.length > 0).map((r) => r.reference)));
}
