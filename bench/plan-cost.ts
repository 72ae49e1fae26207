// What the complaint's Update runs of its own per transition, timed in this
// process on the same code the workflow bundles: the validator's run of the
// command's plan (parse and plan), the handler's run (parse, plan, apply),
// and the case view every Update answers with (built, then serialized as its
// payload). Hold and release alternate on a triaged case, as the transition
// section's direct Updates do.
import { defaultCalendarData } from '../domain/holidays';
import { ENGLAND_STATUTORY_POLICY } from '../domain/policy';
import { firstState } from '../domain/complaint/opening';
import { CURRENT_RULES } from '../domain/complaint/rules';
import { caseView, type ComplaintState } from '../domain/complaint/state';
import { COMMAND_TABLE } from '../domain/complaint/table';
import type { CommandName } from '../domain/complaint/commands';
import { statsOf, type Stats } from './harness';

type Plan = (s: ComplaintState, i: unknown, n: number, r: typeof CURRENT_RULES) => () => void;

function run(state: ComplaintState, name: CommandName, raw: unknown, now: number, apply: boolean): void {
  const row = COMMAND_TABLE[name];
  const input = row.schema.parse(raw);
  const change = (row.plan as Plan)(state, input, now, CURRENT_RULES);
  if (apply) change();
}

export interface PlanCost { validator: Stats; handler: Stats; view: Stats; viewBytes: number }

/** `n` hold/release transitions, each piece timed on its own (ms). */
export function planCost(n: number): PlanCost {
  const start = Date.parse('2026-11-02T09:00:00Z');
  const state = firstState(
    { reference: 'CSC-2026-PLAN01', receivedAt: '2026-11-02T09:00:00Z', policy: ENGLAND_STATUTORY_POLICY, calendar: defaultCalendarData('england-and-wales'), actor: 'bench' },
    start,
    CURRENT_RULES,
    () => true,
  );
  run(state, 'triage', { actor: 'bench', decision: 'stage1' }, start + 60_000, true);
  const validator: number[] = [];
  const handler: number[] = [];
  const view: number[] = [];
  let viewBytes = 0;
  for (let i = 0; i < n; i++) {
    const now = start + 120_000 + i * 1_000;
    const [name, raw]: [CommandName, unknown] = i % 2 === 0 ? ['hold', { actor: 'bench', reason: 'safeguarding' }] : ['release-hold', { actor: 'bench' }];
    let t = performance.now();
    run(state, name, raw, now, false);
    validator.push(performance.now() - t);
    t = performance.now();
    run(state, name, raw, now, true);
    handler.push(performance.now() - t);
    t = performance.now();
    viewBytes = JSON.stringify(caseView(state)).length;
    view.push(performance.now() - t);
  }
  return { validator: statsOf(validator), handler: statsOf(handler), view: statsOf(view), viewBytes };
}
