// Per-transition work on a case's state at the 1st and the 200th hold/release.
import { performance } from 'node:perf_hooks';
import { defaultCalendarData } from '../domain/holidays';
import { ENGLAND_STATUTORY_POLICY } from '../domain/policy';
import { initialState, TRANSITIONS } from '../domain/complaint/transitions';
import { COMMAND_SCHEMAS } from '../domain/complaint/commands';
import { caseView } from '../domain/complaint/state';
import { snapshotFromState } from '../domain/complaint/snapshot';
import { clockPass } from '../domain/complaint/opening';
import { CURRENT_RULES } from '../domain/complaint/rules';
import { headline } from '../domain/complaint/clocks';
import { defaultPayloadConverter } from '@temporalio/common';

const t0 = Date.parse('2027-01-04T10:00:00Z');
const state = initialState({ reference: 'CSC-P', receivedAt: '2027-01-04T10:00:00Z', policy: ENGLAND_STATUTORY_POLICY, calendar: defaultCalendarData('england-and-wales'), actor: 'o' }, t0);
const run = (name: string, input: object, now: number) => (TRANSITIONS as any)[name](state, (COMMAND_SCHEMAS as any)[name].parse({ actor: 'o', ...input }), now, CURRENT_RULES)();
run('triage', { decision: 'stage1' }, t0 + 1000);
const time = (f: () => unknown, n = 200) => { const s = performance.now(); for (let i = 0; i < n; i++) f(); return ((performance.now() - s) / n).toFixed(3); };
for (let i = 0; i < 201; i++) {
  const now = t0 + 2000 + i * 1000;
  if (i === 0 || i === 1 || i === 200 || i === 199) {
    const view = caseView(state);
    const viewJson = JSON.stringify(view);
    console.log(`#${i + 1}: events ${state.events.length}, state ${JSON.stringify(state).length} B, view ${viewJson.length} B, outbox ${state.outbox.length}`);
    console.log('  caseView+stringify ms', time(() => JSON.stringify(caseView(state))));
    console.log('  payload convert ms', time(() => defaultPayloadConverter.toPayload(caseView(state))));
    console.log('  snapshot(since) ms', time(() => snapshotFromState(state, { sinceSeq: state.events.length - 1 })));
    console.log('  clone state ms', time(() => JSON.parse(JSON.stringify(state))));
    console.log('  clockPass ms', time(() => clockPass(JSON.parse(JSON.stringify(state)), now, { pastSteps: true, windowLapseLetter: () => true, rules: CURRENT_RULES })));
  }
  run(i % 2 === 0 ? 'hold' : 'release-hold', i % 2 === 0 ? { reason: 'safeguarding' } : {}, now);
  state.outbox = [];
}
