import type { Client } from '@temporalio/client';
import type { CaseView } from '../../domain/complaint/state';
import { londonDateOf } from '../../domain/dates';
import type { Caller } from '../../api/auth/authenticate';
import { caseAccess, type CaseAccess } from '../../api/auth/case-access';
import { caseSummary } from '../../api/case-summary';
import { chronologyLine, HOLD_REASON_ROLES, londonDateTime, type ChronologyLine } from '../../api/chronology';
import { DEADLINE_LABELS } from '../../records/letters/values';
import type { Records } from '../../records/repository';
import type { CorrespondenceRecord, PersonRecord } from '../../records/types';
import { caseViewQuery, openCommandsQuery } from '../../workflows/complaint/messages';
import { commandsFor } from './command-form';
import { longDate } from '../pages';

/**
 * What one person may see of one case, gathered by the API's own rules: the
 * access rule (api/auth/case-access.ts: 404 when the case is not theirs to
 * know of), the case view from its workflow, the people and letters from the
 * records for those who read the `case` and `correspondence` views, the
 * `summary` (no names, no reasons) for the others, the chronology in words
 * (api/chronology.ts). Each personal-data view read is access-logged as the
 * API logs it, under the person's subject.
 */
export interface CasePageDeps {
  client: Client;
  records: Records;
}

export interface TimelineItem {
  key: string;
  label: string;
  due: string;
  dueText: string;
  state: string;
  /** When it was done (London), if it was. */
  met: string | null;
  explanation: string;
  warnings: string[];
}

export interface CasePage {
  reference: string;
  access: CaseAccess;
  view: Pick<CaseView, 'reference' | 'stage' | 'status' | 'procedure' | 'onHold' | 'receivedOn'> & { team: string | null };
  receivedText: string;
  /** The `case` view's people and text; undefined for the summary view (the auditor). */
  people?: PersonRecord[];
  summaryText?: string | null;
  desiredOutcome?: string | null;
  timeline: TimelineItem[];
  holds: Array<{ what: string; when: string; reason?: string }>;
  extensionRequest: CaseView['extensionRequest'];
  letters?: CorrespondenceRecord[];
  chronology?: ChronologyLine[];
  findings?: CaseView['findings'];
  findingsCount: number;
  actions?: Awaited<ReturnType<Records['actions']['listOfCase']>>;
  /** The commands this person may send on this case now: the command table's roles, the access rule, and what the case takes now. */
  commands: string[];
}

export async function casePage(deps: CasePageDeps, caller: Caller, reference: string): Promise<CasePage> {
  const access = await caseAccess(deps, caller, reference);
  const view = await deps.client.workflow.getHandle(reference).query(caseViewQuery);
  const reads = (v: 'case' | 'correspondence' | 'chronology' | 'actions') => access.views.has(v);
  const log = (v: 'case' | 'correspondence' | 'chronology' | 'actions') => deps.records.recordAccess({ reference, actor: caller.subject, action: 'read', view: v });

  // The auditor's deadlines lose an extension's reason, as the API's summary does.
  const deadlines = reads('case') ? view.deadlines : caseSummary(view, { letters: 0 }).deadlines.map((d) => ({ ...d, warnings: [] as string[] }));
  const timeline = [...deadlines]
    .sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0))
    .map((d) => ({
      key: d.key,
      label: DEADLINE_LABELS[d.key] ?? d.key,
      due: d.due,
      dueText: longDate(d.due),
      state: d.state,
      met: d.metAt ? londonDateTime(d.metAt) : null,
      explanation: d.explanation,
      warnings: d.warnings,
    }));
  // A hold's reason follows the person's part in this case, as the chronology's does; an extension's (free text) the case view.
  const seesReason = (action: string) => (HOLD_ACTIONS.has(action) ? access.roles.some((r) => HOLD_REASON_ROLES.includes(r)) : reads('case'));
  const holds = view.events
    .filter((e) => HOLD_WORDS[e.action])
    .map((e) => ({ what: HOLD_WORDS[e.action]!, when: londonDateTime(e.at), ...(seesReason(e.action) && typeof e.detail?.reason === 'string' ? { reason: e.detail.reason } : {}) }));

  const page: CasePage = {
    reference,
    access,
    view: { reference, stage: view.stage, status: view.status, procedure: view.procedure, onHold: view.onHold, receivedOn: view.receivedOn, team: view.team ?? null },
    receivedText: longDate(londonDateOf(Date.parse(view.receivedAt))),
    timeline,
    holds,
    extensionRequest: reads('case') ? view.extensionRequest : null,
    findingsCount: view.findings.length,
    commands: commandsFor(caller, view, await deps.client.workflow.getHandle(reference).query(openCommandsQuery)),
  };
  if (reads('case')) {
    const filed = await deps.records.getCase(reference);
    await log('case');
    Object.assign(page, { people: filed?.people ?? [], summaryText: filed?.summary ?? null, desiredOutcome: filed?.desiredOutcome ?? null, findings: view.findings });
  }
  if (reads('correspondence')) {
    page.letters = await deps.records.listCorrespondence(reference);
    await log('correspondence');
  }
  if (reads('chronology')) {
    const entries = await deps.records.caseChronology(reference);
    await log('chronology');
    page.chronology = entries.map((entry) => chronologyLine(entry, access.roles));
  }
  if (reads('actions')) page.actions = await deps.records.actions.listOfCase(reference);
  return page;
}

/** One letter as sent, for those who read the `correspondence` view (logged); undefined when there is no such letter on this case. */
export async function letterOf(deps: CasePageDeps, caller: Caller, reference: string, id: number): Promise<{ access: CaseAccess; letter: CorrespondenceRecord | undefined }> {
  const access = await caseAccess(deps, caller, reference);
  if (!access.views.has('correspondence')) return { access, letter: undefined };
  const letter = (await deps.records.listCorrespondence(reference)).find((c) => c.id === id);
  if (letter) await deps.records.recordAccess({ reference, actor: caller.subject, action: 'read', view: 'correspondence' });
  return { access, letter };
}

/** The steps that move or pause a clock, named on the timeline beside the dates they made. */
const HOLD_WORDS: Record<string, string> = {
  held: 'Put on hold',
  'heads-held': 'Part of the complaint put on hold',
  'hold-released': 'Hold released',
  extended: 'Clock extended',
  'extension-requested': 'Extension asked of the complainant',
  'extension-agreed': 'The complainant agreed the extension',
  'extension-declined': 'The complainant declined the extension',
};
const HOLD_ACTIONS = new Set(['held', 'heads-held', 'hold-released']);
