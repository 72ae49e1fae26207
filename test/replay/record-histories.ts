// Records the histories the replay test replays: real runs of each path of
// the complaint workflow on the time-skipping test server. Run it when a
// workflow version is released (`npm run record-histories -- v2 [name prefix]`); the files
// land in test/replay/histories/<version>/ and are committed, so a later
// non-deterministic change to the workflow fails CI.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { defaultCalendarData } from '../../domain/holidays';
import { ENGLAND_STATUTORY_POLICY, getPolicy } from '../../domain/policy';
import { registerSearchAttributes } from '../../temporal/connection';
import { BUNDLER_OPTIONS, WORKFLOWS_PATH } from '../../worker/worker';
import { type CommandInput, type CommandName } from '../../domain/complaint/commands';
import { commandUpdates } from '../../workflows/complaint/messages';
import type { ImportedHistory } from '../../domain/complaint/imported';
import { calendarChangedSignal, discontinueCaseSignal } from '../../workflows/complaint/messages';
import { complaintWorkflow } from '../../workflows/complaint/workflow';
// @ts-expect-error plain JS helper shared with the bootstrap
import { TEST_SERVER_LAUNCHER } from '../../scripts/tools.mjs';

const version = process.argv[2] ?? 'v1';
/** Only the paths whose names start with this (all when absent). */
const only = process.argv[3];
const outDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'histories', version);
const DAY = 24 * 60 * 60 * 1000;

type Step =
  | { wait: number }
  | { untilPanel: true }
  | { command: CommandName; input: Record<string, unknown> }
  | { signal: 'closureDay'; date: string }
  | { signal: 'discontinue' };
interface Path {
  name: string;
  start: string;
  receivedAt: string;
  policy?: string;
  team?: string;
  /** A case brought from another system with its history (v3 on). */
  imported?: ImportedHistory;
  /** Minutes after creation in which past steps are logged before any alert (v4 on). */
  graceMinutes?: number;
  /** When the matter arose, given at intake (v4 on). */
  matterOccurredOn?: string;
  /** The instant the API answered the case's creation with (v10 on). */
  openedAt?: string;
  /** The window the case's clock wakes are spread across, in ms (v10 on). */
  wakeSpreadMs?: number;
  steps: Step[];
}

const investigators = { investigatingOfficer: { id: 'io-7', team: 'Quality Assurance' }, independentPerson: { id: 'ip-3' } };
const panel = [
  { id: 'chair-1', role: 'chair' },
  { id: 'member-2', role: 'member' },
  { id: 'member-3', role: 'member' },
];
const findings = { heads: [{ head: '1', finding: 'partially-upheld', category: 'delay-in-decision-or-service', remedies: [{ type: 'apology' }] }], recommendations: [{ id: 'R1', owner: 'hos-1', dueInWorkingDays: 20 }] };

const PATHS: Path[] = [
  {
    name: 'stage1-window-lapses',
    start: '2027-01-11T09:00:00Z',
    receivedAt: '2027-01-11T08:30:00Z',
    team: 'Children in Care',
    steps: [
      { command: 'triage', input: { decision: 'stage1' } },
      { command: 'acknowledge', input: {} },
      { wait: 5 * DAY },
      { command: 'extend', input: { deadline: 'stage1.respond', workingDays: 5, reason: 'advocate needed' } },
      { wait: 10 * DAY },
      { command: 'respond', input: {} },
      { wait: 40 * DAY },
    ],
  },
  {
    name: 'three-stages-with-hold',
    start: '2027-02-01T09:00:00Z',
    receivedAt: '2027-02-01T08:00:00Z',
    policy: 'luton',
    team: 'Fostering',
    steps: [
      { command: 'acknowledge', input: {} },
      { command: 'triage', input: { decision: 'stage1' } },
      { wait: 2 * DAY },
      { command: 'clarify', input: {} },
      { command: 'hold', input: { reason: 'safeguarding' } },
      { wait: 7 * DAY },
      { command: 'release-hold', input: {} },
      { wait: 3 * DAY },
      { command: 'respond', input: {} },
      { wait: 4 * DAY },
      { command: 'escalate', input: { reasons: 'not satisfied' } },
      { command: 'acknowledge', input: {} },
      { wait: 1 * DAY },
      { command: 'appoint-investigators', input: investigators },
      { wait: 2 * DAY },
      { command: 'contact', input: {} },
      { command: 'agree-statement', input: {} },
      { wait: 10 * DAY },
      { command: 'extend', input: { deadline: 'stage2.respond', workingDays: 10, reason: 'complex', complainantAgreed: true } },
      { wait: 20 * DAY },
      { command: 'submit-reports', input: { reports: ['investigating-officer', 'independent-person'] } },
      { command: 'adjudicate', input: { findings } },
      { wait: 5 * DAY },
      { command: 'escalate', input: {} },
      { command: 'acknowledge', input: {} },
      { command: 'schedule-panel', input: { panelDate: 'PANEL', members: panel } },
      { command: 'notify-panel', input: {} },
      { command: 'send-papers', input: {} },
      { untilPanel: true },
      { command: 'record-panel', input: {} },
      { wait: 2 * DAY },
      { command: 'panel-report', input: {} },
      { wait: 7 * DAY },
      { command: 'final-response', input: {} },
      { command: 'refer-to-ombudsman', input: { ombudsmanReference: '27 001 234' } },
      { wait: 30 * DAY },
      { command: 'record-ombudsman-decision', input: { decision: 'upheld', remedies: [{ type: 'financial-redress', amountPence: 25000 }], complianceDate: 'COMPLIANCE' } },
      { wait: 20 * DAY },
      { command: 'record-ombudsman-compliance', input: {} },
    ],
  },
  {
    name: 'not-accepted-out-of-time',
    start: '2027-03-01T09:00:00Z',
    receivedAt: '2027-03-01T08:00:00Z',
    steps: [{ command: 'triage', input: { decision: 'not-accepted', notAcceptedReason: 'out-of-time', matterOccurredOn: '2025-06-01', reason: 'over 12 months' } }],
  },
  {
    name: 'late-escalation-refused',
    start: '2027-04-05T09:00:00Z',
    receivedAt: '2027-04-05T08:00:00Z',
    steps: [
      { command: 'triage', input: { decision: 'stage1' } },
      { command: 'respond', input: {} },
      { wait: 40 * DAY },
      { command: 'escalate', input: { reasons: 'came back late' } },
      { wait: 1 * DAY },
      { command: 'refuse-escalation', input: { reasons: 'no good reason for the delay' } },
    ],
  },
  {
    // v3: an imported case, a council closure day reaching it, then discontinued (unreasonable conduct).
    name: 'imported-calendar-discontinued',
    start: '2027-05-10T09:00:00Z',
    receivedAt: '2027-04-26T08:00:00Z',
    imported: {
      source: 'legacy',
      steps: [
        { command: 'triage', input: { actor: 'recorder', at: '2027-04-26T09:00:00Z', decision: 'stage1' } },
        { command: 'acknowledge', input: { actor: 'recorder', at: '2027-04-27T09:00:00Z' } },
      ],
    },
    steps: [
      { wait: 1 * DAY },
      { signal: 'closureDay', date: '2027-05-14' },
      { wait: 2 * DAY },
      { signal: 'discontinue' },
      { wait: 1 * DAY },
    ],
  },
  {
    // v4: closed as resolved inside the window, then a request reopens it into Stage 2.
    name: 'closed-then-escalated',
    start: '2027-06-07T09:00:00Z',
    receivedAt: '2027-06-07T08:00:00Z',
    steps: [
      { command: 'triage', input: { decision: 'stage1' } },
      { command: 'acknowledge', input: {} },
      { wait: 3 * DAY },
      { command: 'respond', input: {} },
      { wait: 1 * DAY },
      { command: 'close', input: { outcome: 'resolved' } },
      { wait: 2 * DAY },
      { command: 'escalate', input: { reasons: 'still not sorted' } },
      { command: 'acknowledge', input: {} },
      { wait: 2 * DAY },
    ],
  },
  {
    // v4: the window lapses, a late request, accepted with the new stage's acknowledgement letter.
    name: 'late-request-accepted',
    start: '2027-06-14T09:00:00Z',
    receivedAt: '2027-06-14T08:00:00Z',
    steps: [
      { command: 'triage', input: { decision: 'stage1' } },
      { command: 'acknowledge', input: {} },
      { command: 'respond', input: {} },
      { wait: 40 * DAY },
      { command: 'escalate', input: { reasons: 'away over the summer' } },
      { wait: 1 * DAY },
      { command: 'escalate', input: { lateAcceptedReason: 'the complainant was in hospital' } },
      { wait: 2 * DAY },
    ],
  },
  {
    // v4: one head held for court proceedings survives closing (its letter), then is released on the closed case.
    name: 'partial-hold-closed',
    start: '2027-06-21T09:00:00Z',
    receivedAt: '2027-06-21T08:00:00Z',
    steps: [
      { command: 'triage', input: { decision: 'stage1' } },
      { command: 'acknowledge', input: {} },
      { command: 'hold', input: { reason: 'court-proceedings', heads: ['2'] } },
      { wait: 4 * DAY },
      { command: 'respond', input: {} },
      { command: 'close', input: { outcome: 'resolved' } },
      { wait: 10 * DAY },
      { command: 'release-hold', input: { heads: ['2'] } },
      { wait: 1 * DAY },
    ],
  },
  {
    // v4: a paper complaint logged weeks late in its grace period: steps at their dates, one letter asked for,
    // the grace ending with the missed response alerted, then a late-logged hold that corrects the alert.
    name: 'past-steps-grace',
    start: '2027-07-05T10:00:00Z',
    receivedAt: '2027-06-01T09:00:00Z',
    graceMinutes: 60,
    matterOccurredOn: '2027-05-20',
    steps: [
      { command: 'triage', input: { decision: 'stage1', at: '2027-06-01T10:00:00Z' } },
      { command: 'acknowledge', input: { at: '2027-06-02T10:00:00Z', sendLetter: true } },
      { wait: DAY / 12 },
      // After the grace period, over a duty shown missed: a manager's reason (v5 on; v4's history has none).
      { command: 'hold', input: { reason: 'court-proceedings', at: '2027-06-08T10:00:00Z', backdateReason: 'Court proceedings began on 8 Jun; logged late' } },
      { command: 'release-hold', input: { at: '2027-06-28T10:00:00Z' } },
      { wait: 2 * DAY },
      { command: 'respond', input: {} },
      { wait: 1 * DAY },
    ],
  },
  {
    // v5: assignments, a hold logged late over a missed duty with a manager's reason, an Adjudicating Officer.
    name: 'assigned-late-hold-with-reason',
    start: '2027-03-01T09:00:00Z',
    receivedAt: '2027-03-01T08:30:00Z',
    team: 'Fostering',
    graceMinutes: 60,
    steps: [
      { command: 'triage', input: { decision: 'stage1' } },
      { command: 'assign', input: { person: { id: 'officer-2' }, part: 'assigned-officer' } },
      { command: 'assign', input: { person: { id: 'recorder' }, part: 'assigned-officer', remove: true } },
      { command: 'acknowledge', input: {} },
      // Respond was due Mon 15 Mar 2027: missed and alerted by Tue 16 Mar.
      { wait: 20 * DAY },
      { command: 'hold', input: { reason: 'court-proceedings', at: '2027-03-10T10:00:00Z', backdateReason: 'Care proceedings were issued on 10 Mar; the hold was not logged then' } },
      { command: 'release-hold', input: {} },
      { command: 'respond', input: {} },
      { wait: 2 * DAY },
      { command: 'escalate', input: {} },
      { command: 'appoint-investigators', input: investigators },
      { command: 'assign', input: { person: { id: 'ao-1' }, part: 'adjudicating-officer' } },
      { wait: 2 * DAY },
    ],
  },
  {
    // v7: a panel adjourned after its notice was missed: the miss is kept (complaint.adjourn-keeps-misses).
    name: 'panel-adjourned-after-missed-notice',
    start: '2027-01-04T10:05:00Z',
    receivedAt: '2027-01-04T10:00:00Z',
    team: 'Fostering',
    steps: [
      { command: 'triage', input: { decision: 'stage2' } },
      { command: 'acknowledge', input: {} },
      { command: 'appoint-investigators', input: investigators },
      { wait: 23 * DAY },
      { command: 'agree-statement', input: {} },
      { wait: 30 * DAY },
      { command: 'submit-reports', input: { reports: ['investigating-officer', 'independent-person'] } },
      { wait: 3 * DAY },
      { command: 'adjudicate', input: {} },
      { wait: 7 * DAY },
      { command: 'escalate', input: {} },
      { wait: 1 * DAY },
      { command: 'acknowledge', input: {} },
      { wait: 1 * DAY },
      { command: 'schedule-panel', input: { panelDate: '2027-04-15', members: panel } },
      { wait: 1 * DAY },
      { command: 'send-papers', input: {} },
      // Sat 3 Apr: the notice, due Thu 1 Apr, is missed.
      { wait: 23 * DAY },
      { command: 'adjourn-panel', input: { panelDate: '2027-04-21', reason: 'The chair is ill' } },
      { wait: 2 * DAY },
    ],
  },
  {
    // v8: the panel's recommendations (complaint.panel-recommendations): their 5-day clock missed, then sent late,
    // and the Director's decision on each with the Stage 2 Independent Person.
    name: 'panel-recommendations-decided',
    start: '2027-01-04T10:05:00Z',
    receivedAt: '2027-01-04T10:00:00Z',
    team: 'Fostering',
    steps: [
      { command: 'triage', input: { decision: 'stage2' } },
      { command: 'acknowledge', input: {} },
      { command: 'appoint-investigators', input: investigators },
      { wait: 23 * DAY },
      { command: 'agree-statement', input: {} },
      { wait: 30 * DAY },
      { command: 'submit-reports', input: { reports: ['investigating-officer', 'independent-person'] } },
      { wait: 3 * DAY },
      { command: 'adjudicate', input: {} },
      { wait: 7 * DAY },
      { command: 'escalate', input: {} },
      { command: 'acknowledge', input: {} },
      { command: 'schedule-panel', input: { panelDate: 'PANEL', members: panel } },
      { command: 'notify-panel', input: {} },
      { command: 'send-papers', input: {} },
      { untilPanel: true },
      { command: 'record-panel', input: {} },
      { wait: 1 * DAY },
      { command: 'panel-report', input: { recommendations: [{ id: 'P1', text: 'Review the contact plan.' }, { id: 'P2', text: 'Apologise in writing.' }] } },
      // Past its 5 working days: missed, one alert; then sent late.
      { wait: 9 * DAY },
      { command: 'share-recommendations', input: {} },
      { wait: 2 * DAY },
      {
        command: 'final-response',
        input: {
          independentPerson: { id: 'ip-3' },
          decisions: [
            { recommendation: 'P1', decision: 'accepted' },
            { recommendation: 'P2', decision: 'not-accepted', reasons: 'An apology was sent after Stage 2.' },
          ],
        },
      },
    ],
  },
  {
    // v8: response letters carry findings (complaint.letters-carry-findings); the appointment letter, progress
    // updates and meetings (complaint.stage2-appointed-letter, complaint.stage2-progress); advocacy steps and the
    // register's answer on the appointment; learning and satisfaction at the end.
    name: 'v8-findings-progress-meetings',
    start: '2027-03-01T09:00:00Z',
    receivedAt: '2027-03-01T08:30:00Z',
    team: 'Children in Care',
    steps: [
      { command: 'triage', input: { decision: 'stage1' } },
      { command: 'acknowledge', input: {} },
      { command: 'advocacy', input: { event: 'offered', to: 'child', service: 'NYAS' } },
      { command: 'arrange-meeting', input: { meetingId: 'M1', purpose: 'clarify', date: '2027-03-04', time: '10:00', attendees: [{ role: 'complaints-officer', name: 'Sam Adams' }], venue: 'Room 2' } },
      { wait: 4 * DAY },
      { command: 'record-meeting', input: { meetingId: 'M1', outcome: 'held' } },
      { command: 'record-findings', input: { stage: 'stage1', findings: { heads: [{ head: '1', finding: 'not-upheld', category: 'quality-of-service', reasons: 'The plan was followed.' }] } } },
      { command: 'respond', input: { findings: { heads: [{ head: '2', finding: 'upheld', category: 'delay-in-decision-or-service', reasons: 'The review was late.', remedies: [{ type: 'apology' }] }], recommendations: [{ id: 'R1', owner: 'hos-1', dueInWorkingDays: 20, action: 'Check every review date' }] } } },
      { command: 'record-learning', input: { stage: 'stage1', themes: ['timeliness'], changed: 'Review dates checked weekly' } },
      { wait: 3 * DAY },
      { command: 'escalate', input: {} },
      { command: 'acknowledge', input: {} },
      { command: 'advocacy', input: { event: 'accepted', to: 'child' } },
      {
        command: 'appoint-investigators',
        input: {
          investigatingOfficer: { id: 'io-7', team: 'Quality Assurance', name: 'Sam Adams' },
          independentPerson: { id: 'ip-3', name: 'Robin Baker' },
          register: [{ id: 'ip-3', part: 'independent-person', registered: true, ofCouncil: false, checkedAt: '2027-03-08T09:00:00Z' }],
        },
      },
      { wait: 2 * DAY },
      { command: 'agree-statement', input: {} },
      { wait: 7 * DAY },
      { command: 'progress-update', input: { progress: 'The Investigating Officer is reading the records.' } },
      { command: 'hold', input: { reason: 'safeguarding' } },
      { wait: 3 * DAY },
      { command: 'release-hold', input: {} },
      // The next update is missed: one alert to the Investigating Officer, then an update late.
      { wait: 16 * DAY },
      { command: 'progress-update', input: { progress: 'The reports are being written.' } },
      { command: 'extend', input: { deadline: 'stage2.respond', workingDays: 10, reason: 'A witness is away', complainantAgreed: true } },
      { command: 'submit-reports', input: { reports: ['investigating-officer', 'independent-person'] } },
      { command: 'adjudicate', input: { findings: { heads: [{ head: '2', finding: 'partially-upheld', category: 'delay-in-decision-or-service', reasons: 'Partly late.' }] } } },
      { command: 'close', input: { outcome: 'resolved', satisfaction: 'satisfied' } },
      { command: 'record-satisfaction', input: { satisfaction: 'not-satisfied' } },
      { command: 'advocacy', input: { event: 'advocate-joined', to: 'complainant', service: 'Coram Voice' } },
    ],
  },
  {
    // v8: a corporate complaint the team answers (complaint.corporate-answered), its 15 days missed, then answered.
    name: 'v8-corporate-answered',
    start: '2026-12-17T10:00:00Z',
    receivedAt: '2026-12-17T09:30:00Z',
    policy: 'banes',
    steps: [
      { command: 'acknowledge', input: {} },
      { command: 'triage', input: { decision: 'corporate', reason: 'About the council tax office' } },
      { wait: 30 * DAY },
      { command: 'respond', input: {} },
    ],
  },
  {
    // v8: a complaint triaged a service request (Rutland 2.1).
    name: 'v8-service-request',
    start: '2027-01-12T10:00:00Z',
    receivedAt: '2027-01-12T09:30:00Z',
    steps: [{ command: 'triage', input: { decision: 'service-request', reason: 'A request for a carer assessment' } }],
  },
  {
    // v8: not accepted for court proceedings, then taken up again when they ended (complaint.take-up-again).
    name: 'v8-taken-up-again',
    start: '2027-01-04T10:00:00Z',
    receivedAt: '2027-01-04T09:30:00Z',
    steps: [
      { command: 'triage', input: { decision: 'not-accepted', notAcceptedReason: 'court-proceedings', reason: 'Care proceedings are under way' } },
      { wait: 40 * DAY },
      { command: 'take-up-again', input: { proceedingsEndedOn: '2027-02-10' } },
      { command: 'acknowledge', input: {} },
      { wait: 5 * DAY },
      { command: 'respond', input: {} },
    ],
  },
  {
    // v9: the complainant acts on their own case (complaint.complainant-actions): asks for an advocate and for
    // Stage 2 inside the window, agrees to one extension the council asks for and declines another, withdraws,
    // then says whether they are satisfied.
    name: 'v9-complainant-acts',
    start: '2027-01-11T09:00:00Z',
    receivedAt: '2027-01-11T08:30:00Z',
    team: 'Children in Care',
    steps: [
      { command: 'triage', input: { decision: 'stage1' } },
      { command: 'acknowledge', input: {} },
      { command: 'advocacy', input: { actor: 'complainant', by: 'complainant', event: 'requested', to: 'complainant' } },
      { wait: 6 * DAY },
      { command: 'respond', input: {} },
      { wait: 3 * DAY },
      { command: 'escalate', input: { actor: 'complainant', by: 'complainant', reasons: 'The response did not answer my second point' } },
      { command: 'acknowledge', input: {} },
      { command: 'appoint-investigators', input: investigators },
      { wait: 2 * DAY },
      { command: 'agree-statement', input: {} },
      { wait: 5 * DAY },
      { command: 'progress-update', input: { progress: 'The Investigating Officer is reading the records.' } },
      { command: 'request-extension', input: { workingDays: 10, reason: 'The Independent Person needs to speak to two more people' } },
      { wait: 1 * DAY },
      { command: 'answer-extension', input: { actor: 'complainant', by: 'complainant', agree: true } },
      { command: 'request-extension', input: { workingDays: 5, reason: 'A witness is away' } },
      { command: 'answer-extension', input: { actor: 'complainant', by: 'complainant', agree: false } },
      { wait: 2 * DAY },
      { command: 'withdraw', input: { actor: 'complainant', by: 'complainant' } },
      { command: 'record-satisfaction', input: { actor: 'complainant', by: 'complainant', satisfaction: 'not-satisfied' } },
    ],
  },
  {
    // v9: a late request from the complainant, awaiting the manager's decision.
    name: 'v9-complainant-late-request',
    start: '2027-01-11T09:00:00Z',
    receivedAt: '2027-01-11T08:30:00Z',
    steps: [
      { command: 'triage', input: { decision: 'stage1' } },
      { command: 'acknowledge', input: {} },
      { command: 'respond', input: {} },
      { wait: 45 * DAY },
      { command: 'escalate', input: { actor: 'complainant', by: 'complainant', reasons: 'I was in hospital' } },
      { wait: 5 * DAY },
    ],
  },
  {
    // v10: a case opened by the API (complaint.opened-at) with a grace period and a spread window
    // (complaint.wake-spread): current details after each pass (complaint.current-details), timers labelled
    // (complaint.timer-summaries: the grace period's end, reminders, deadlines), an extension, a hold and its
    // release, the Stage 1 response missed at midnight and judged at the instant though the case wakes later,
    // then the complainant's window lapsing.
    name: 'v10-opened-spread-cockpit',
    start: '2027-01-11T09:00:00Z',
    receivedAt: '2027-01-11T08:30:00Z',
    openedAt: '2027-01-11T09:00:00Z',
    graceMinutes: 60,
    wakeSpreadMs: 300_000,
    team: 'Children in Care',
    steps: [
      { wait: DAY / 12 },
      { command: 'triage', input: { decision: 'stage1' } },
      { command: 'acknowledge', input: {} },
      { command: 'extend', input: { deadline: 'stage1.respond', workingDays: 2, reason: 'advocate needed' } },
      { wait: 3 * DAY },
      { command: 'hold', input: { reason: 'safeguarding' } },
      { wait: 2 * DAY },
      { command: 'release-hold', input: {} },
      { wait: 20 * DAY },
      { command: 'respond', input: {} },
      { wait: 40 * DAY },
    ],
  },
];

Runtime.install({ logger: new DefaultLogger('WARN') });
fs.mkdirSync(outDir, { recursive: true });
for (const p of PATHS.filter((path) => !only || path.name.startsWith(only))) {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: TEST_SERVER_LAUNCHER as string }, extraArgs: [`--start-time=${p.start}`] },
  });
  try {
    await registerSearchAttributes(env.client, 'default', { canList: false });
    const taskQueue = `record-${p.name}`;
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath: WORKFLOWS_PATH, bundlerOptions: BUNDLER_OPTIONS, activities: createActivities() });
    await worker.runUntil(async () => {
      const reference = `CSC-2027-${p.name.slice(0, 6).toUpperCase().replace(/[^A-Z0-9]/g, 'X')}`;
      const policy = p.policy ? getPolicy(p.policy) : ENGLAND_STATUTORY_POLICY;
      const handle: WorkflowHandle<typeof complaintWorkflow> = await env.client.workflow.start(complaintWorkflow, {
        workflowId: reference,
        taskQueue,
        args: [
          {
            reference,
            receivedAt: p.receivedAt,
            policy,
            calendar: defaultCalendarData(policy.division, policy.closureDays),
            team: p.team,
            actor: 'recorder',
            ...(p.imported ? { imported: p.imported } : {}),
            ...(p.graceMinutes ? { graceMinutes: p.graceMinutes } : {}),
            ...(p.matterOccurredOn ? { matterOccurredOn: p.matterOccurredOn } : {}),
            ...(p.openedAt ? { openedAt: p.openedAt } : {}),
            ...(p.wakeSpreadMs ? { wakeSpreadMs: p.wakeSpreadMs } : {}),
          },
        ],
      });
      let panelDate = '';
      for (const step of p.steps) {
        if ('wait' in step) {
          await env.sleep(step.wait);
          continue;
        }
        if ('signal' in step) {
          if (step.signal === 'closureDay') {
            await handle.signal(calendarChangedSignal, { calendar: defaultCalendarData(policy.division, [...policy.closureDays, step.date]), actor: 'recorder', sequence: 1 });
          } else {
            await handle.signal(discontinueCaseSignal, { actor: 'recorder', decidedAt: new Date(await env.currentTimeMs()).toISOString(), personId: 1 });
          }
          continue;
        }
        if ('untilPanel' in step) {
          await env.sleep(Date.parse(`${panelDate}T10:00:00Z`) - (await env.currentTimeMs()));
          continue;
        }
        // A step may name its own actor (the complainant acting on their case, v9); staff steps are the recorder's.
        const input = { actor: 'recorder', ...step.input } as Record<string, unknown>;
        if (input.panelDate === 'PANEL') {
          const view = await handle.query('caseView');
          panelDate = (view as { deadlines: Array<{ key: string; due: string }> }).deadlines.find((d) => d.key === 'stage3.panel')!.due;
          input.panelDate = panelDate;
        }
        if (input.complianceDate === 'COMPLIANCE') input.complianceDate = new Date((await env.currentTimeMs()) + 40 * DAY).toISOString().slice(0, 10);
        await handle.executeUpdate(commandUpdates[step.command] as (typeof commandUpdates)['acknowledge'], { args: [input as CommandInput<'acknowledge'>] });
      }
      const history = await handle.fetchHistory();
      const file = path.join(outDir, `${p.name}.json`);
      fs.writeFileSync(file, historyToJSON(history));
      console.log(`${file}: ${history.events?.length} events`);
    });
  } finally {
    await env.teardown();
  }
}
