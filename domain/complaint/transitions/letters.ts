import { actionIdOf } from '../../actions/commands';
import { actionStartOf, firstDue } from '../../actions/state';
import { calendarOf } from '../clocks';
import type { Findings } from '../commands';
import type { Rules } from '../rules';
import type { ComplaintState, Notice, NoticeItem } from '../state';
import { dateOf, notify, record } from './common';

/**
 * What the response letters carry, and the letter when a stage's action plan
 * is done. Luton 14.7: the response gives "the Council's view of the
 * complaint, including resulting actions and timescales"; Luton 17.1: the
 * decision on each part "and reasons for the decisions"; Rutland 10.1: a
 * response, not a cover note. BANES 9.4: the action plan and its outcome are
 * shared with the complainant.
 */

export type FindingsStage = 'stage1' | 'stage2' | 'stage3';

/** One recommendation of a stage's plan, with its first due date. */
interface PlannedAction {
  id: string;
  action?: string;
  owner: string;
  due: string;
}

/**
 * A stage's action plan: every recommendation of its findings, the first
 * recording of an id winning as it does for the action started from it
 * (domain/actions/pending.ts). The due date is the action workflow's own
 * (`firstDue`, domain/actions/state.ts): one home for the rule.
 */
function planOf(state: ComplaintState, stage: FindingsStage): PlannedAction[] {
  const plan: PlannedAction[] = [];
  for (const f of state.findings) {
    if (f.stage !== stage) continue;
    for (const r of f.findings.recommendations) {
      if (plan.some((p) => p.id === r.id)) continue;
      const due = firstDue(calendarOf(state), actionStartOf(f.recordedAt), r.dueInWorkingDays, stage).due;
      plan.push({ id: r.id, ...(r.action ? { action: r.action } : {}), owner: r.owner, due });
    }
  }
  return plan;
}

/**
 * The lists a stage's response letter repeats: each head with its finding,
 * category and reasons; each remedy; each action with its owner and due
 * date. Codes stay codes here (records/letters/values.ts puts them in
 * words). Every recording of findings for the stage counts, `record-findings`
 * before the response included; a head found again replaces its earlier
 * finding. Undefined when the stage has no findings: the letter then keeps
 * its cover-note wording.
 */
export function findingsDetail(state: ComplaintState, stage: FindingsStage): Notice['detail'] | undefined {
  const recorded = state.findings.filter((f) => f.stage === stage);
  if (recorded.length === 0) return undefined;
  const heads = new Map<string, Findings['heads'][number]>();
  for (const f of recorded) for (const h of f.findings.heads) heads.set(h.head, h);
  const actions = planOf(state, stage);
  const remedies: NoticeItem[] = [];
  for (const h of heads.values()) for (const r of h.remedies) remedies.push({ head: h.head, remedy: r.type, amountPence: r.amountPence ?? null });
  return {
    // A flag the letter's wording turns on (a list's section repeats, so it cannot be one).
    findings: true,
    heads: [...heads.values()].map((h) => ({ head: h.head, finding: h.finding, category: h.category, reasons: h.reasons ?? null })),
    remedies,
    actions: actions.map((a) => ({ id: a.id, action: a.action ?? null, owner: a.owner, due: a.due })),
    // The letter promises another when the plan is done (actionCompleted below).
    ...(actions.length > 0 ? { actionPlan: true } : {}),
  };
}

/**
 * The response letter's content for a stage: its findings' lists, or nothing
 * (the cover-note wording) when none are recorded or the case predates it.
 */
export function responseContent(state: ComplaintState, stage: FindingsStage, rules: Rules): Notice['detail'] {
  const detail = findingsDetail(state, stage);
  // complaint.letters-carry-findings: asked only when there are findings, so a case without any records no marker.
  return detail && rules.lettersCarryFindings ? detail : {};
}

/** What an action's workflow reports when it is done (workflows/actions/workflow.ts). */
export interface ActionCompleted {
  actionId: string;
  source: FindingsStage | 'ombudsman';
  recommendationId: string;
  owner: string;
  /** Its due date when done (extensions included). */
  due: string;
  completedAt: string;
}

/**
 * An action reported done. When it is the last open action of its stage's
 * plan, the complainant gets one letter listing the plan's actions and when
 * each was done (BANES 9.4). A report repeated (a retried signal) changes
 * nothing, and a plan's letter goes once: returns whether anything changed.
 * The Ombudsman's recommendations have their own compliance step, so no letter.
 */
export function actionCompleted(state: ComplaintState, input: ActionCompleted, now: number): boolean {
  const done = (state.actionsDone ??= []);
  if (done.some((d) => d.actionId === input.actionId)) return false;
  done.push({ actionId: input.actionId, owner: input.owner, due: input.due, completedAt: input.completedAt });
  if (input.source === 'ombudsman') return true;
  const stage = input.source;
  const plansDone = (state.actionPlansDone ??= []);
  if (plansDone.includes(stage)) return true;
  const plan = planOf(state, stage).map((a) => ({ ...a, done: done.find((d) => d.actionId === actionIdOf(state.reference, stage, a.id)) }));
  if (plan.length === 0 || plan.some((a) => !a.done)) return true;
  plansDone.push(stage);
  const at = new Date(now).toISOString();
  record(state, 'action-plan-completed', 'system', at, now, undefined, { stage, actions: plan.length });
  notify(state, 'letter', 'action-plan-completed', {
    stage,
    actions: plan.map((a) => ({ id: a.id, action: a.action ?? null, owner: a.done!.owner, due: a.done!.due, doneOn: dateOf(a.done!.completedAt) })),
  });
  return true;
}
