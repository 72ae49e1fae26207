import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkingDayCalendar } from '../../domain/calendar';
import { defaultCalendarData } from '../../domain/holidays';
import type { Db } from '../../records/db';
import { RecordsInputError } from '../../records/errors';
import { REPORT_CATEGORIES, REPORT_STAGES, type AnnualReport, type ReportRange, type ReportStage, type StageFlow } from '../../records/report';
import { Records } from '../../records/repository';
import type { CaseSnapshot, PersonInput, SnapshotEvent, SnapshotFindings } from '../../records/types';
import { BACKENDS, newCase, openTestDb, snapshot, stopTestServer } from './fixtures';

afterAll(stopTestServer);

const cal = new WorkingDayCalendar(defaultCalendarData());
const wd = (d: string, n: number) => cal.addWorkingDays(d, n);

type How = 'resolved' | 'outsideScope' | 'notPursued' | 'withdrawn' | 'escalatedUnanswered';
type Scope = 'corporate' | 'representation' | 'not-accepted';
type Finding = 'upheld' | 'partially-upheld' | 'not-upheld';

/**
 * One case, written as the facts the report must find: when it entered each
 * stage and how and when it left it ("wd" = working days after entering,
 * which is also the figure the timeliness bands must see).
 */
interface Spec {
  ref: string;
  received: string;
  team: string | null;
  type: string | null;
  child: boolean;
  advocate: boolean;
  /** Null: never triaged. */
  triage: 'stage1' | 'stage2' | Scope | null;
  stages: Partial<Record<ReportStage, { entered: string; end?: { how: How; wd?: number; on?: string } }>>;
  /** A Stage 3 panel held this many working days after the request. */
  panelWd?: number;
  /** A case resolved at its last stage and later closed. */
  closedOn?: string;
  findings?: Array<{ stage: ReportStage; on: string; heads: Array<[Finding, string]> }>;
  ombudsman?: { referredOn: string; decision?: string; decidedOn?: string; compliedOn?: string };
}

const endOn = (s: { entered: string; end?: { wd?: number; on?: string } }): string | undefined =>
  s.end === undefined ? undefined : s.end.wd !== undefined ? wd(s.entered, s.end.wd) : s.end.on;

const CIC = 'Children in Care';
const SG = 'Safeguarding';
const DC = 'Disabled Children';
const [ASSESS, STAFF, APPROP, QUALITY, DELAY, DECISION] = REPORT_CATEGORIES;

function specs(): Spec[] {
  const s: Spec[] = [];
  const add = (spec: Omit<Spec, 'ref'>) => s.push({ ref: `RPT-${String(s.length + 1).padStart(3, '0')}`, ...spec });
  const base = { team: CIC, type: 'parent', child: true, advocate: false } as const;

  // Wholly before the period.
  add({ ...base, received: '2026-02-02', triage: 'stage1', stages: { stage1: { entered: '2026-02-02', end: { how: 'resolved', wd: 8 } } }, closedOn: '2026-03-20' });
  // Open over the start: resolved late in April.
  add({ ...base, received: '2026-03-16', triage: 'stage1', stages: { stage1: { entered: '2026-03-16', end: { how: 'resolved', wd: 15 } } } });
  // Stage 1 then Stage 2, both in time; a grandparent with an advocate.
  add({
    ...base, type: 'grandparent', advocate: true, received: '2026-05-05', triage: 'stage1',
    stages: { stage1: { entered: '2026-05-05', end: { how: 'resolved', wd: 5 } }, stage2: { entered: '2026-06-01', end: { how: 'resolved', wd: 20 } } },
    findings: [
      { stage: 'stage1', on: '2026-05-12', heads: [['not-upheld', QUALITY], ['partially-upheld', STAFF]] },
      { stage: 'stage2', on: '2026-06-29', heads: [['upheld', QUALITY], ['upheld', STAFF], ['not-upheld', DELAY]] },
    ],
  });
  // All three stages, late at each; Ombudsman referral, decision and compliance in the period.
  add({
    ...base, team: SG, received: '2026-06-10', triage: 'stage1',
    stages: {
      stage1: { entered: '2026-06-10', end: { how: 'resolved', wd: 25 } },
      stage2: { entered: '2026-07-27', end: { how: 'resolved', wd: 40 } },
      stage3: { entered: '2026-10-05', end: { how: 'resolved', wd: 45 } },
    },
    panelWd: 28,
    findings: [
      { stage: 'stage1', on: '2026-07-15', heads: [['not-upheld', DECISION]] },
      { stage: 'stage2', on: '2026-09-21', heads: [['partially-upheld', DECISION], ['upheld', ASSESS]] },
      { stage: 'stage3', on: '2026-12-07', heads: [['upheld', DECISION]] },
    ],
    ombudsman: { referredOn: '2027-01-11', decision: 'upheld-maladministration-injustice', decidedOn: '2027-03-01', compliedOn: '2027-03-22' },
  });
  // Outside scope at triage.
  add({ ...base, type: 'other-relative', received: '2026-07-01', triage: 'corporate', stages: { stage1: { entered: '2026-07-01', end: { how: 'outsideScope', on: '2026-07-02' } } } });
  add({ ...base, team: DC, type: 'child', received: '2026-07-06', triage: 'representation', stages: { stage1: { entered: '2026-07-06', end: { how: 'outsideScope', on: '2026-07-06' } } } });
  add({ ...base, child: false, received: '2026-08-03', triage: 'not-accepted', stages: { stage1: { entered: '2026-08-03', end: { how: 'outsideScope', on: '2026-08-05' } } } });
  // Withdrawn at Stage 1.
  add({ ...base, team: DC, type: 'foster-carer', received: '2026-09-01', triage: 'stage1', stages: { stage1: { entered: '2026-09-01', end: { how: 'withdrawn', on: '2026-09-10' } } } });
  // Stage 2 not pursued.
  add({
    ...base, team: SG, received: '2026-09-14', triage: 'stage1',
    stages: { stage1: { entered: '2026-09-14', end: { how: 'resolved', wd: 12 } }, stage2: { entered: '2026-10-20', end: { how: 'notPursued', on: '2026-11-02' } } },
    findings: [{ stage: 'stage1', on: '2026-09-30', heads: [['upheld', APPROP]] }],
  });
  // Stage 1 never answered: escalated once overdue; Stage 2 very late.
  add({
    ...base, team: DC, type: 'child', advocate: true, received: '2026-10-05', triage: 'stage1',
    stages: { stage1: { entered: '2026-10-05', end: { how: 'escalatedUnanswered', wd: 22 } }, stage2: { entered: wd('2026-10-05', 22), end: { how: 'resolved', wd: 70 } } },
  });
  // Received near the end, still open; no team or type recorded.
  add({ ...base, team: null, type: null, child: false, received: '2027-03-22', triage: 'stage1', stages: { stage1: { entered: '2027-03-22' } } });
  // Straight to Stage 2, open at the end.
  add({ ...base, received: '2026-12-01', triage: 'stage2', stages: { stage2: { entered: '2026-12-01' } } });
  // Carried over at Stage 3; panel in time within the period.
  add({
    ...base, team: SG, received: '2025-12-01', triage: 'stage1',
    stages: {
      stage1: { entered: '2025-12-01', end: { how: 'resolved', wd: 9 } },
      stage2: { entered: '2026-01-05', end: { how: 'resolved', wd: 30 } },
      stage3: { entered: '2026-03-25', end: { how: 'resolved', on: '2026-05-20' } },
    },
    panelWd: 20,
  });
  // Stage 1 in time at the end of the period; Stage 2 open at the end.
  add({
    ...base, type: 'grandparent', received: '2027-02-01', triage: 'stage1',
    stages: { stage1: { entered: '2027-02-01', end: { how: 'resolved', wd: 10 } }, stage2: { entered: '2027-03-01' } },
    findings: [{ stage: 'stage1', on: '2027-02-15', heads: [['partially-upheld', ASSESS]] }],
  });
  // After the period.
  add({ ...base, received: '2027-04-05', triage: 'stage1', stages: { stage1: { entered: '2027-04-05', end: { how: 'resolved', wd: 3 } } } });
  // Never triaged, open at the end.
  add({ ...base, team: DC, received: '2026-11-16', triage: null, stages: { stage1: { entered: '2026-11-16' } } });
  // Three stages; the panel late; Stage 3 still open at the end.
  add({
    ...base, team: SG, type: 'foster-carer', advocate: true, received: '2026-04-06', triage: 'stage1',
    stages: {
      stage1: { entered: '2026-04-06', end: { how: 'resolved', wd: 10 } },
      stage2: { entered: '2026-05-05', end: { how: 'resolved', wd: 25 } },
      stage3: { entered: '2026-06-15' },
    },
    panelWd: 35,
  });
  // Withdrawn at Stage 2; carried over at Stage 1 from March, answered in 20 WD.
  add({
    ...base, received: '2026-03-30', triage: 'stage1',
    stages: { stage1: { entered: '2026-03-30', end: { how: 'resolved', wd: 20 } }, stage2: { entered: '2026-05-18', end: { how: 'withdrawn', on: '2026-06-01' } } },
  });
  // Not pursued at Stage 1 (clarification never came).
  add({ ...base, team: DC, received: '2026-10-12', triage: 'stage1', stages: { stage1: { entered: '2026-10-12', end: { how: 'notPursued', on: '2026-11-09' } } } });
  return s;
}

const at = (d: string, time = '10:00:00') => `${d}T${time}.000Z`;

/** The case and its snapshot, from the spec. */
function build(spec: Spec): { people: PersonInput[]; snap: CaseSnapshot } {
  const people: PersonInput[] = [{ role: 'complainant', name: 'Pat Complainant', ...(spec.type ? { type: spec.type } : {}) }];
  if (spec.child) people.push({ role: 'child', name: 'Kit Child' });
  if (spec.advocate) people.push({ role: 'advocate', name: 'Ash Advocate' });

  const events: SnapshotEvent[] = [];
  const event = (action: string, on: string, detail?: Record<string, unknown>, time?: string) =>
    events.push({ seq: events.length + 1, action, actor: 'officer-1', at: at(on, time), recordedAt: at(on, time), ...(detail ? { detail } : {}) });
  const deadlines: CaseSnapshot['deadlines'] = [];
  const scope = spec.triage === 'corporate' || spec.triage === 'representation' || spec.triage === 'not-accepted' ? spec.triage : undefined;

  event('received', spec.received, undefined, '09:00:00');
  if (spec.triage) event('triaged', spec.received, { decision: spec.triage }, '09:30:00');
  let closed: { on: string; outcome: Record<string, unknown> } | undefined;
  let current: ReportStage = 'stage1';
  const respondKey = { stage1: 'stage1.respond', stage2: 'stage2.respond', stage3: 'stage3.finalResponse' } as const;
  const span = { stage1: 10, stage2: 25, stage3: 40 } as const;
  for (const stage of REPORT_STAGES) {
    const st = spec.stages[stage];
    if (!st) continue;
    current = stage;
    if (!(stage === 'stage1' || (stage === 'stage2' && spec.triage === 'stage2'))) event('escalated', st.entered, { to: stage }, '11:00:00');
    if (stage === 'stage3' && spec.panelWd !== undefined) event('panel-held', wd(st.entered, spec.panelWd));
    if (scope) continue;
    const due = wd(st.entered, span[stage]);
    const on = endOn(st);
    const how = st.end?.how;
    deadlines.push({
      key: respondKey[stage],
      kind: 'duty',
      due,
      state: how === 'resolved' ? 'met' : how === 'escalatedUnanswered' ? 'missed' : how ? 'cancelled' : 'pending',
      metAt: how === 'resolved' ? at(on!, '15:00:00') : null,
      ...(how === 'escalatedUnanswered' ? { missedAt: at(due, '23:00:00') } : {}),
      explanation: `${span[stage]} working days`,
    });
    if (how === 'resolved') event('responded', on!, undefined, '15:00:00');
    if (how === 'withdrawn') closed = { on: on!, outcome: { kind: 'withdrawn', stage } };
    if (how === 'notPursued') closed = { on: on!, outcome: { kind: 'not-pursued', stage } };
  }
  if (scope) {
    const on = endOn(spec.stages.stage1!)!;
    closed = { on, outcome: scope === 'corporate' ? { kind: 'routed-out', to: 'corporate' } : scope === 'representation' ? { kind: 'representation' } : { kind: 'not-accepted', reason: 'out-of-time' } };
  }
  if (spec.closedOn) closed = { on: spec.closedOn, outcome: { kind: 'resolved', stage: current } };
  if (closed) event('closed', closed.on, undefined, '16:00:00');
  events.sort((a, b) => a.at.localeCompare(b.at)).forEach((e, i) => (e.seq = i + 1));

  const findings: SnapshotFindings[] = (spec.findings ?? []).map((f) => ({
    stage: f.stage,
    recordedAt: at(f.on, '14:00:00'),
    heads: f.heads.map(([finding, category], i) => ({ head: `head-${i + 1}`, finding, category, remedies: [] })),
    actions: [],
  }));
  const o = spec.ombudsman;
  return {
    people,
    snap: snapshot(spec.ref, {
      receivedAt: at(spec.received, '09:00:00'),
      receivedOn: spec.received,
      procedure: spec.triage === null ? 'untriaged' : scope ?? 'statutory',
      stage: closed ? 'closed' : current,
      status: closed ? 'closed' : spec.triage === null ? 'awaiting-triage' : 'in-progress',
      outcome: closed?.outcome ?? null,
      team: spec.team,
      closedAt: closed ? at(closed.on, '16:00:00') : null,
      deadlines,
      events,
      findings,
      ombudsman: o
        ? {
            referredAt: at(o.referredOn),
            ...(o.decision ? { decision: o.decision, decidedAt: at(o.decidedOn!) } : {}),
            ...(o.compliedOn ? { compliedAt: at(o.compliedOn) } : {}),
          }
        : null,
    }),
  };
}

const RESTRICTIONS = [
  { ref: 0, level: 'warning', startsOn: '2026-03-01' },
  { ref: 3, level: 'warning', startsOn: '2026-08-01' },
  { ref: 3, level: 'refused', startsOn: '2026-11-20' },
  { ref: 9, level: 'restricted', startsOn: '2027-03-31' },
  { ref: 9, level: 'refused', startsOn: '2027-04-01' },
] as const;

/** The report worked out from the specs, rule by rule. */
function expected(all: Spec[], { from, to }: ReportRange): AnnualReport {
  const inP = (d: string | undefined) => d !== undefined && d >= from && d <= to;
  const count = <T>(xs: T[], f: (x: T) => boolean) => xs.filter(f).length;
  const received = all.filter((s) => inP(s.received));

  const flow = (stage: ReportStage): StageFlow => {
    const nextStage = stage === 'stage1' ? 'stage2' : stage === 'stage2' ? 'stage3' : null;
    const xs = all.flatMap((s) =>
      s.stages[stage] ? [{ entered: s.stages[stage].entered, how: s.stages[stage].end?.how, on: endOn(s.stages[stage]), next: nextStage ? s.stages[nextStage]?.entered : undefined }] : [],
    );
    const ended = (how: How) => count(xs, (x) => x.how === how && inP(x.on));
    return {
      carriedOver: count(xs, (x) => x.entered < from && (x.on === undefined || x.on >= from)),
      received: count(xs, (x) => inP(x.entered)),
      resolved: ended('resolved'),
      outsideScope: ended('outsideScope'),
      notPursued: ended('notPursued'),
      withdrawn: ended('withdrawn'),
      escalatedUnanswered: ended('escalatedUnanswered'),
      escalated: count(xs, (x) => inP(x.next)),
      carriedForward: count(xs, (x) => x.entered <= to && (x.on === undefined || x.on > to)),
    };
  };

  const heads = all.flatMap((s) => (s.findings ?? []).filter((f) => inP(f.on)).flatMap((f) => f.heads.map(([finding, category]) => ({ stage: f.stage, finding, category }))));
  const findingCounts = (stage: ReportStage) => {
    const hs = heads.filter((h) => h.stage === stage);
    return { upheld: count(hs, (h) => h.finding === 'upheld'), partiallyUpheld: count(hs, (h) => h.finding === 'partially-upheld'), notUpheld: count(hs, (h) => h.finding === 'not-upheld'), total: hs.length };
  };

  const answered = (stage: ReportStage) =>
    all.flatMap((s) => {
      const st = s.stages[stage];
      return st?.end?.how === 'resolved' && st.end.wd !== undefined && inP(endOn(st)) ? [st.end.wd] : [];
    });
  const s1 = answered('stage1');
  const s2 = answered('stage2');
  const avg = (xs: number[]) => (xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10 : null);
  const panels = all.flatMap((s) => (s.panelWd !== undefined && inP(wd(s.stages.stage3!.entered, s.panelWd)) ? [s.panelWd] : []));

  const teamNames = [...new Set(all.map((s) => s.team ?? 'not recorded'))].sort();
  const referred = all.filter((s) => inP(s.ombudsman?.referredOn));
  const teams = teamNames
    .map((team) => {
      const mine = all.filter((s) => (s.team ?? 'not recorded') === team);
      return {
        team,
        representations: count(mine, (s) => s.triage === 'representation' && inP(s.received)),
        stage1: count(mine, (s) => inP(s.stages.stage1?.entered)),
        // Statutory profile: a corporate complaint is routed out, never answered by the team.
        corporate: 0,
        stage2: count(mine, (s) => inP(s.stages.stage2?.entered)),
        stage3: count(mine, (s) => inP(s.stages.stage3?.entered)),
        ombudsman: count(mine, (s) => inP(s.ombudsman?.referredOn)),
      };
    })
    .filter((t) => t.representations + t.stage1 + t.stage2 + t.stage3 + t.ombudsman > 0);

  const types = [...new Set(received.map((s) => s.type ?? 'not recorded'))]
    .map((type) => ({ type, cases: count(received, (s) => (s.type ?? 'not recorded') === type) }))
    .sort((a, b) => b.cases - a.cases || (a.type < b.type ? -1 : 1));

  const decided = all.filter((s) => inP(s.ombudsman?.decidedOn));
  const restrictions = RESTRICTIONS.filter((r) => inP(r.startsOn));
  return {
    period: { from, to },
    stages: { stage1: flow('stage1'), stage2: flow('stage2'), stage3: flow('stage3') },
    findings: { stage1: findingCounts('stage1'), stage2: findingCounts('stage2'), stage3: findingCounts('stage3') },
    timeliness: {
      stage1: {
        responded: s1.length,
        within10: count(s1, (n) => n <= 10),
        within20: count(s1, (n) => n > 10 && n <= 20),
        beyond20: count(s1, (n) => n > 20),
        averageWorkingDays: avg(s1),
        metDueDate: count(s1, (n) => n <= 10),
      },
      stage2: {
        responded: s2.length,
        within25: count(s2, (n) => n <= 25),
        within65: count(s2, (n) => n > 25 && n <= 65),
        beyond65: count(s2, (n) => n > 65),
        averageWorkingDays: avg(s2),
        metDueDate: count(s2, (n) => n <= 25),
        // No fixture agrees a statement of complaint: each is measured from the request.
        fromStatementAgreed: 0,
      },
      panels: { held: panels.length, within30: count(panels, (n) => n <= 30), beyond30: count(panels, (n) => n > 30) },
    },
    categories: REPORT_CATEGORIES.map((category) => {
      const hs = heads.filter((h) => h.category === category);
      return {
        category,
        stage1: count(hs, (h) => h.stage === 'stage1'),
        stage2: count(hs, (h) => h.stage === 'stage2'),
        stage3: count(hs, (h) => h.stage === 'stage3'),
        upheld: count(hs, (h) => h.finding === 'upheld'),
        partiallyUpheld: count(hs, (h) => h.finding === 'partially-upheld'),
        notUpheld: count(hs, (h) => h.finding === 'not-upheld'),
      };
    }),
    teams,
    complainantTypes: types,
    advocacy: {
      cases: received.length,
      withChild: count(received, (s) => s.child),
      withAdvocate: count(received, (s) => s.advocate),
      childWithAdvocate: count(received, (s) => s.child && s.advocate),
    },
    ombudsman: {
      referred: referred.length,
      decided: decided.length,
      decisions: [...new Set(decided.map((s) => s.ombudsman!.decision!))].sort().map((decision) => ({ decision, cases: count(decided, (s) => s.ombudsman!.decision === decision) })),
      remediesComplied: count(all, (s) => inP(s.ombudsman?.compliedOn)),
    },
    representations: { received: count(received, (s) => s.triage === 'representation') },
    compliments: { received: 0, byTeam: [] },
    // None of these cases is answered as a corporate complaint (statutory profile), and nothing else is logged here.
    corporate: { carriedOver: 0, received: 0, answered: 0, within15: 0, beyond15: 0, averageWorkingDays: null, withdrawn: 0, notPursued: 0, carriedForward: 0, routedOut: count(received, (s) => s.triage === 'corporate') },
    enquiries: { received: 0, fromMps: 0, fromCouncillors: 0, concerningComplaints: 0, answered: 0, serviceAreas: [] },
    serviceRequests: { received: 0, logged: 0, triagedFromComplaints: 0, teams: [], outcomes: [] },
    contactRestrictions: {
      applied: restrictions.length,
      warning: count(restrictions, (r) => r.level === 'warning'),
      restricted: count(restrictions, (r) => r.level === 'restricted'),
      refused: count(restrictions, (r) => r.level === 'refused'),
    },
    // Every fixture step is recorded as it happens: none logged late (late-steps.test.ts counts those).
    lateSteps: { recordedAfterTheDay: 0, turnedMissedIntoMet: 0 },
    // Learning, satisfaction, care flags and equalities: report-closure.test.ts.
    learning: expect.any(Array) as unknown as AnnualReport['learning'],
    satisfaction: expect.any(Array) as unknown as AnnualReport['satisfaction'],
    childCare: expect.any(Array) as unknown as AnnualReport['childCare'],
    equalities: expect.any(Object) as unknown as AnnualReport['equalities'],
    // The published tables: report-published.test.ts.
    published: expect.any(Object) as unknown as AnnualReport['published'],
    comparison: expect.any(Array) as unknown as AnnualReport['comparison'],
    notes: expect.any(Array) as unknown as string[],
  };
}

const PERIODS: ReportRange[] = [
  { from: '2026-04-01', to: '2027-03-31' },
  { from: '2026-07-01', to: '2026-09-30' },
  { from: '2025-04-01', to: '2026-03-31' },
];

describe.each(BACKENDS)('the annual report (%s)', (backend) => {
  let db: Db;
  let records: Records;
  const all = specs();

  beforeAll(async () => {
    db = await openTestDb(backend);
    records = new Records(db);
    for (const spec of all) {
      const { people, snap } = build(spec);
      await records.createCase(newCase(spec.ref, { receivedAt: snap.receivedAt, team: spec.team ?? undefined, people }));
      await records.syncCase(snap);
    }
    for (const r of RESTRICTIONS) {
      const ref = all[r.ref]!.ref;
      const person = (await records.getCase(ref))!.people[0]!;
      await records.addContactRestriction({ reference: ref, personId: person.id, level: r.level, allowedContact: ['letter'], startsOn: r.startsOn, decidedBy: 'manager-1' });
    }
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it.each(PERIODS)('gives every figure for $from to $to', async (range) => {
    const report = await records.report(range);
    expect(report).toEqual(expected(all, range));
    for (const stage of REPORT_STAGES) {
      const f = report.stages[stage];
      expect(f.carriedOver + f.received).toBe(f.resolved + f.outsideScope + f.notPursued + f.withdrawn + f.escalatedUnanswered + f.carriedForward);
    }
  });

  it('covers every kind of figure in the financial year (the fixtures are varied enough)', async () => {
    const r = await records.report(PERIODS[0]!);
    for (const stage of REPORT_STAGES) expect(r.stages[stage].carriedOver + r.stages[stage].received).toBeGreaterThan(0);
    expect(Object.values(r.stages.stage1).every((n) => n > 0)).toBe(true);
    expect(r.stages.stage2.notPursued * r.stages.stage2.withdrawn * r.stages.stage2.carriedForward).toBeGreaterThan(0);
    expect(r.stages.stage3.carriedOver * r.stages.stage3.carriedForward).toBeGreaterThan(0);
    const t = r.timeliness;
    expect(t.stage1.within10 * t.stage1.within20 * t.stage1.beyond20).toBeGreaterThan(0);
    expect(t.stage2.within25 * t.stage2.within65 * t.stage2.beyond65).toBeGreaterThan(0);
    expect(t.panels.within30 * t.panels.beyond30).toBeGreaterThan(0);
    expect(r.findings.stage1.upheld * r.findings.stage1.partiallyUpheld * r.findings.stage1.notUpheld).toBeGreaterThan(0);
    expect(r.ombudsman.referred * r.ombudsman.decided * r.ombudsman.remediesComplied).toBeGreaterThan(0);
    expect(r.representations.received).toBe(1);
    expect(r.compliments.received).toBe(0);
  });

  it('gives the same figures once closed cases are disposed of (event details blanked, people deleted)', async () => {
    const before = await Promise.all(PERIODS.map((range) => records.report(range)));
    const disposed = await records.disposeClosedBefore('2100-01-01T00:00:00.000Z');
    expect(disposed.length).toBeGreaterThan(5);
    const blanked = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE action = 'escalated' AND detail IS NULL`);
    expect(blanked.rows[0]!.n).toBeGreaterThan(0);
    for (const [i, range] of PERIODS.entries()) expect(await records.report(range)).toEqual(before[i]);
  });

  it('refuses a bad range', async () => {
    await expect(records.report({ from: '2027-04-01', to: '2026-04-01' })).rejects.toBeInstanceOf(RecordsInputError);
    await expect(records.report({ from: '2026-02-30', to: '2027-04-01' })).rejects.toBeInstanceOf(RecordsInputError);
    await expect(records.report({ from: '2026-04-01', to: 'soon' })).rejects.toBeInstanceOf(RecordsInputError);
  });
});
