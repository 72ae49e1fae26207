import { createActivities } from '../../activities';
import { OutboxChannel } from '../../activities/delivery/channels';
import { Correspondence } from '../../activities/delivery/correspondence';
import { WorkingDayCalendar } from '../../domain/calendar';
import type { CATEGORIES, CommandName } from '../../domain/complaint/commands';
import type { LearningTheme } from '../../domain/complaint/commands-closure';
import { startOfLondonDay, type IsoDate } from '../../domain/dates';
import { defaultCalendarData } from '../../domain/holidays';
import type { Policy } from '../../domain/policy';
import { openPglite, type Db } from '../../records/db';
import { migrate } from '../../records/migrate';
import { Records } from '../../records/repository';
import type { PersonInput } from '../../records/types';
import { IO, IP, openCase, PANEL, runAt, sleepUntil, view, type CaseHandle } from './cases';
import { eventually } from './eventually';
import { scenario } from './time-skipping';

/**
 * A council's year lived through the real complaint workflow on a
 * time-skipping server and filed by the real records activities in PGlite:
 * each case is a script (what is done to it, when), planned into the
 * commands it takes and the facts the annual report must count.
 */

export const cal = new WorkingDayCalendar(defaultCalendarData());
export const wd = (d: IsoDate, n: number) => cal.addWorkingDays(d, n);
/** An instant at a London wall-clock time (every scripted date is a working day, never a clock-change Sunday). */
export const at = (d: IsoDate, time = '10:00') => new Date(startOfLondonDay(d) + (Number(time.slice(0, 2)) * 60 + Number(time.slice(3))) * 60_000).toISOString();

export type Stage = 'stage1' | 'stage2' | 'stage3';
export type Finding = 'upheld' | 'partially-upheld' | 'not-upheld';
export type Heads = Array<[Finding, (typeof CATEGORIES)[number]]>;
export type How = 'resolved' | 'outsideScope' | 'notPursued' | 'withdrawn' | 'escalatedUnanswered';

/** What the test does to one case. Offsets are working days ("Wd"), from the step named. */
export interface CaseScript {
  ref: string;
  received: IsoDate;
  team: string;
  type: string;
  child: boolean;
  advocate: boolean;
  triage?: 'stage1' | 'stage2' | 'corporate' | 'representation' | 'not-accepted';
  s1?: {
    /** Stage 1 response, from receipt. */
    respondWd?: number;
    /** An extension of the response clock by this many working days, agreed with the complainant 2 WD after receipt. */
    extendBy?: number;
    withdrawWd?: number;
    findings?: Heads;
    /** Closed as resolved this long after the response. */
    closeWd?: number;
    /** Escalation to Stage 2: from the response, or from receipt when never answered. */
    escalateWd?: number;
  };
  s2?: { adjudicateWd?: number; withdrawWd?: number; findings?: Heads; closeWd?: number; escalateWd?: number };
  s3?: { panelWd: number; findings?: Heads; final: boolean };
  /** A corporate complaint the complaints team answers (a policy with `corporateComplaints: 'answer'`): answered or withdrawn, from receipt. */
  corporate?: { respondWd?: number; withdrawWd?: number };
  /** Learning recorded on the day each stage ends (its response, adjudication or final response). */
  learning?: Partial<Record<Stage, LearningTheme[]>>;
  /** From the council's last response; decision from the referral; compliance from the decision. */
  ombudsman?: { referWd: number; decision?: string; decideWd?: number; complyWd?: number };
  restrictions?: Array<{ level: 'warning' | 'restricted' | 'refused'; startsOn: IsoDate }>;
}


/** One command of the script, at its instant. */
export interface Step {
  at: string;
  ref: string;
  name: CommandName | 'open';
  input?: Record<string, unknown>;
}

/** What the script makes of a case: the facts the report must count. */
export interface Facts {
  script: CaseScript;
  stages: Partial<Record<Stage, { entered: IsoDate; end?: { on: IsoDate; how: How } }>>;
  /** Working days to each response and whether it met its (extended) due date. */
  s1?: { on: IsoDate; wd: number; metDue: boolean };
  s2?: { on: IsoDate; wd: number; metDue: boolean };
  panel?: { on: IsoDate; wd: number };
  /** A corporate complaint's answer: working days from receipt. */
  corporate?: { on: IsoDate; wd: number };
  findings: Array<{ stage: Stage; on: IsoDate; heads: Heads }>;
  ombudsman?: { referredOn: IsoDate; decision?: string; decidedOn?: IsoDate; compliedOn?: IsoDate };
}

const findingsInput = (heads: Heads) => ({ heads: heads.map(([finding, category], i) => ({ head: String(i + 1), finding, category })) });

/** The steps for one case, and its facts, from its script. */
export function plan(c: CaseScript): { steps: Step[]; facts: Facts } {
  const steps: Step[] = [];
  const step = (on: IsoDate, time: string, name: Step['name'], input?: Record<string, unknown>) => steps.push({ at: at(on, time), ref: c.ref, name, input });
  const facts: Facts = { script: c, stages: {}, findings: [] };
  const r = c.received;
  step(r, '09:30', 'open');
  if (!c.triage) {
    facts.stages.stage1 = { entered: r };
    return { steps, facts };
  }
  if (c.triage === 'corporate' && c.corporate) {
    step(r, '10:00', 'triage', { decision: 'corporate' });
    step(wd(r, 1), '10:00', 'acknowledge');
    const k = c.corporate;
    if (k.withdrawWd !== undefined) step(wd(r, k.withdrawWd), '10:00', 'withdraw');
    else if (k.respondWd !== undefined) {
      const on = wd(r, k.respondWd);
      step(on, '10:00', 'respond');
      facts.corporate = { on, wd: k.respondWd };
      referOmbudsman(c, on, step, facts);
    }
    return { steps, facts };
  }
  if (c.triage === 'corporate' || c.triage === 'representation' || c.triage === 'not-accepted') {
    step(r, '10:00', 'triage', { decision: c.triage, reason: 'explained in writing', ...(c.triage === 'not-accepted' ? { notAcceptedReason: 'court-proceedings' } : {}) });
    facts.stages.stage1 = { entered: r, end: { on: r, how: 'outsideScope' } };
    return { steps, facts };
  }
  step(r, '10:00', 'triage', { decision: c.triage });
  let last: IsoDate | undefined; // the council's last response
  const refer = (after: IsoDate | undefined) => referOmbudsman(c, after, step, facts);
  let e2: IsoDate | undefined;
  if (c.triage === 'stage1') {
    const s1 = c.s1 ?? {};
    facts.stages.stage1 = { entered: r };
    step(wd(r, 1), '10:00', 'acknowledge');
    if (s1.extendBy) step(wd(r, 2), '10:00', 'extend', { deadline: 'stage1.respond', workingDays: s1.extendBy, reason: 'a key worker is away', complainantAgreed: true });
    if (s1.withdrawWd !== undefined) {
      step(wd(r, s1.withdrawWd), '10:00', 'withdraw');
      facts.stages.stage1.end = { on: wd(r, s1.withdrawWd), how: 'withdrawn' };
    } else if (s1.respondWd !== undefined) {
      const on = wd(r, s1.respondWd);
      step(on, '10:00', 'respond');
      facts.stages.stage1.end = { on, how: 'resolved' };
      facts.s1 = { on, wd: s1.respondWd, metDue: s1.respondWd <= 10 + (s1.extendBy ?? 0) };
      last = on;
      if (s1.findings) {
        step(on, '10:05', 'record-findings', { stage: 'stage1', findings: findingsInput(s1.findings) });
        facts.findings.push({ stage: 'stage1', on, heads: s1.findings });
      }
      if (c.learning?.stage1) step(on, '10:10', 'record-learning', { stage: 'stage1', themes: c.learning.stage1, changed: 'As the service agreed' });
      if (s1.closeWd !== undefined) step(wd(on, s1.closeWd), '10:00', 'close', { outcome: 'resolved' });
      if (s1.escalateWd !== undefined) e2 = wd(on, s1.escalateWd);
    } else if (s1.escalateWd !== undefined) {
      e2 = wd(r, s1.escalateWd);
      facts.stages.stage1.end = { on: e2, how: 'escalatedUnanswered' };
    }
    if (e2) step(e2, '10:00', 'escalate', { reasons: 'not satisfied' });
  } else {
    e2 = r;
  }
  if (!e2) {
    refer(last);
    return { steps, facts };
  }

  // Stage 2: acknowledged, investigators appointed, statement agreed (its 25 WD clock starts), reports, adjudication.
  const s2 = c.s2 ?? {};
  facts.stages.stage2 = { entered: e2 };
  step(wd(e2, 1), '10:00', 'acknowledge');
  step(wd(e2, 2), '10:00', 'appoint-investigators', { investigatingOfficer: IO, independentPerson: IP });
  step(wd(e2, 3), '10:00', 'agree-statement');
  let e3: IsoDate | undefined;
  if (s2.withdrawWd !== undefined) {
    step(wd(e2, s2.withdrawWd), '11:00', 'withdraw');
    facts.stages.stage2.end = { on: wd(e2, s2.withdrawWd), how: 'withdrawn' };
  } else if (s2.adjudicateWd !== undefined) {
    const on = wd(e2, s2.adjudicateWd);
    step(on, '09:30', 'submit-reports', { reports: ['investigating-officer', 'independent-person'] });
    step(on, '10:00', 'adjudicate', s2.findings ? { findings: findingsInput(s2.findings) } : {});
    facts.stages.stage2.end = { on, how: 'resolved' };
    // Due 25 WD after the statement, agreed 3 WD after the request: the statutory policy times Stage 2 from the statement.
    facts.s2 = { on, wd: s2.adjudicateWd - 3, metDue: s2.adjudicateWd <= 3 + 25 };
    last = on;
    if (s2.findings) facts.findings.push({ stage: 'stage2', on, heads: s2.findings });
    if (c.learning?.stage2) step(on, '10:10', 'record-learning', { stage: 'stage2', themes: c.learning.stage2, changed: 'As the action plan says' });
    if (s2.closeWd !== undefined) step(wd(on, s2.closeWd), '10:00', 'close', { outcome: 'resolved' });
    if (s2.escalateWd !== undefined) {
      e3 = wd(on, s2.escalateWd);
      step(e3, '10:00', 'escalate', { reasons: 'still not satisfied' });
    }
  }

  if (e3 && c.s3) {
    // Stage 3: a panel within 30 WD, or later with the complainant's agreement (an extension first).
    const s3 = c.s3;
    facts.stages.stage3 = { entered: e3 };
    step(wd(e3, 1), '10:00', 'acknowledge');
    if (s3.panelWd > 30) step(wd(e3, 1), '11:00', 'extend', { deadline: 'stage3.panel', workingDays: s3.panelWd - 30, reason: 'the complainant asked for a later date', complainantAgreed: true });
    const panel = wd(e3, s3.panelWd);
    step(wd(e3, 2), '10:00', 'schedule-panel', { panelDate: panel, members: PANEL });
    step(panel, '10:00', 'record-panel', s3.findings ? { findings: findingsInput(s3.findings) } : {});
    facts.panel = { on: panel, wd: s3.panelWd };
    if (s3.findings) facts.findings.push({ stage: 'stage3', on: panel, heads: s3.findings });
    if (s3.final) {
      step(wd(panel, 2), '10:00', 'panel-report');
      const final = wd(panel, 5);
      step(final, '10:00', 'final-response');
      if (c.learning?.stage3) step(final, '10:10', 'record-learning', { stage: 'stage3', themes: c.learning.stage3, changed: 'As the panel recommended' });
      facts.stages.stage3.end = { on: final, how: 'resolved' };
      last = final;
    }
  }

  refer(last);
  return { steps, facts };
}

/** The Ombudsman: referred after the council's last response, whichever stage or procedure gave it. */
function referOmbudsman(c: CaseScript, after: IsoDate | undefined, step: (on: IsoDate, time: string, name: Step['name'], input?: Record<string, unknown>) => void, facts: Facts): void {
  const o = c.ombudsman;
  if (!o || !after) return;
  const referredOn = wd(after, o.referWd);
  step(referredOn, '12:00', 'refer-to-ombudsman');
  facts.ombudsman = { referredOn };
  if (o.decision && o.decideWd !== undefined) {
    const decidedOn = wd(referredOn, o.decideWd);
    const complianceDate = wd(decidedOn, (o.complyWd ?? 10) + 10);
    step(decidedOn, '12:00', 'record-ombudsman-decision', { decision: o.decision, ...(o.complyWd !== undefined ? { complianceDate } : {}) });
    facts.ombudsman.decision = o.decision;
    facts.ombudsman.decidedOn = decidedOn;
    if (o.complyWd !== undefined) {
      const compliedOn = wd(decidedOn, o.complyWd);
      step(compliedOn, '12:00', 'record-ombudsman-compliance');
      facts.ombudsman.compliedOn = compliedOn;
    }
  }
}

export function people(c: CaseScript): PersonInput[] {
  return [
    { role: 'complainant', name: `Complainant of ${c.ref}`, type: c.type, address: '1 High Street' },
    ...(c.child ? [{ role: 'child' as const, name: `Child of ${c.ref}` }] : []),
    ...(c.advocate ? [{ role: 'advocate' as const, name: `Advocate of ${c.ref}` }] : []),
  ];
}

/**
 * Lives the scripts' year from `start` (an instant before the first receipt)
 * under `policy` and files it: the records store, and each case's facts.
 */
export async function liveYear(script: CaseScript[], options: { start: string; policy?: Policy }): Promise<{ db: Db; records: Records; facts: Facts[] }> {
  const planned = script.map(plan);
  const facts = planned.map((p) => p.facts);
  const steps = planned.flatMap((p) => p.steps).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)); // stable: a case's own order holds
  const policyId = options.policy?.id ?? 'england-statutory';
    const db = await openPglite('memory://');
    await migrate(db);
    const records = new Records(db);
    const notices = new Correspondence({ records, channels: [new OutboxChannel()], council: { name: 'Test Council', contact: 'the Complaints Team', email: 'complaints@test.example' } });
    const s = await scenario(options.start, { activities: createActivities({ records, notices }) });
    const handles = new Map<string, CaseHandle>();
    await s.run(async () => {
        for (const step of steps) {
          const c = script.find((x) => x.ref === step.ref)!;
          if (step.name === 'open') {
            // As the API does: the people in the records store first, then the workflow.
            await records.createCase({ reference: c.ref, receivedAt: step.at, channel: 'letter', policyId, team: c.team, summary: 'About the care plan', people: people(c), actor: 'officer-1' });
            await sleepUntil(s, step.at);
            handles.set(c.ref, await openCase(s, { reference: c.ref, receivedAt: step.at, team: c.team, ...(options.policy ? { policy: options.policy } : {}) }));
            continue;
          }
          await runAt(s, handles.get(c.ref)!, step.at, step.name, (step.input ?? {}) as never);
        }
        // Every case's last change filed: its events in the records match the workflow's.
        for (const [ref, handle] of handles) {
          await eventually(
            async () => {
              const { raw } = await handle.describe();
              const filed = (await records.listEvents(ref)).filter((e) => e.seq !== null).length;
              return (raw.pendingActivities ?? []).length === 0 && filed === (await view(handle)).events.length;
            },
            Boolean,
            30_000,
          );
        }
    });

  return { db, records, facts };
}
