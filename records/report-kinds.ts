import type { WorkingDayCalendar } from '../domain/calendar';
import { londonDateOf, type IsoDate } from '../domain/dates';
import type { Db } from './db';

/**
 * The annual report's record types beside statutory complaints:
 * corporate complaints the complaints team answered, with their 15-working-day
 * timeliness (BANES 4.2's "Stage 1 (Corporate Procedure)" row and 8.5:
 * "Within 15 working days: 22 … In excess of 15 working days: 20"); MP and
 * councillor enquiries (BANES 1.6); service requests (Rutland 2.1, "recorded
 * and reported on in the same way as a Complaint"), logged or triaged.
 */

export interface KindsReport {
  /** Corporate complaints answered by the team (triaged `corporate` under a policy that answers them). */
  corporate: {
    carriedOver: number;
    received: number;
    /** Responses given in the period, by working days from receipt to the response. */
    answered: number;
    within15: number;
    beyond15: number;
    averageWorkingDays: number | null;
    withdrawn: number;
    /** Closed in the period unanswered and not withdrawn (not pursued, discontinued). */
    notPursued: number;
    carriedForward: number;
    /** Received in the period and routed to another procedure (policies that do not answer them). */
    routedOut: number;
  };
  /** MP and councillor enquiries received in the period. */
  enquiries: {
    received: number;
    fromMps: number;
    fromCouncillors: number;
    /** Of those received, the ones that concern a complaint on record. */
    concerningComplaints: number;
    /** Answered in the period (by the date answered). */
    answered: number;
    serviceAreas: Array<{ serviceArea: string; enquiries: number }>;
  };
  /** Service requests received in the period: logged by the team, and complaints triaged as such. */
  serviceRequests: {
    received: number;
    logged: number;
    triagedFromComplaints: number;
    teams: Array<{ team: string; requests: number }>;
    /** Outcomes recorded on logged requests (a triaged one is passed to the service: "referred-elsewhere" is not assumed). */
    outcomes: Array<{ outcome: string; requests: number }>;
  };
}

const NOT_RECORDED = 'not recorded';

export async function kindsReport(db: Db, range: { from: IsoDate; to: IsoDate }, endAt: string, calendar: WorkingDayCalendar): Promise<KindsReport> {
  const { from, to } = range;
  const inPeriod = (d: IsoDate | null): d is IsoDate => d !== null && d >= from && d <= to;
  const day = (instant: string | null): IsoDate | null => (instant === null ? null : londonDateOf(Date.parse(instant)));

  const corporateRows = await db.query<{ receivedAt: string; receivedOn: string | null; metAt: string | null; closedAt: string | null; outcome: { kind?: string } | null }>(
    `SELECT c.received_at AS "receivedAt", c.received_on AS "receivedOn", d.met_at AS "metAt", c.closed_at AS "closedAt", c.outcome
       FROM cases c JOIN deadlines d ON d.reference = c.reference AND d.key = 'corporate.respond'
      WHERE c.received_at < $1`,
    [endAt],
  );
  const corporate: KindsReport['corporate'] = { carriedOver: 0, received: 0, answered: 0, within15: 0, beyond15: 0, averageWorkingDays: null, withdrawn: 0, notPursued: 0, carriedForward: 0, routedOut: 0 };
  const days: number[] = [];
  for (const c of corporateRows.rows) {
    const received = c.receivedOn ?? day(c.receivedAt)!;
    const answered = day(c.metAt);
    const closed = day(c.closedAt);
    const end = answered ?? closed;
    if (received < from && (end === null || end >= from)) corporate.carriedOver += 1;
    if (inPeriod(received)) corporate.received += 1;
    if (inPeriod(answered)) {
      const wd = calendar.workingDaysBetween(received, answered);
      days.push(wd);
      corporate.answered += 1;
      if (wd <= 15) corporate.within15 += 1;
      else corporate.beyond15 += 1;
    } else if (answered === null && inPeriod(closed)) {
      if (c.outcome?.kind === 'withdrawn') corporate.withdrawn += 1;
      else corporate.notPursued += 1;
    }
    if (received <= to && (end === null || end > to)) corporate.carriedForward += 1;
  }
  if (days.length > 0) corporate.averageWorkingDays = Math.round((days.reduce((a, b) => a + b, 0) / days.length) * 10) / 10;
  const routed = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM cases WHERE procedure = 'corporate' AND outcome->>'kind' = 'routed-out' AND received_on BETWEEN $1::date AND $2::date`,
    [from, to],
  );
  corporate.routedOut = routed.rows[0]?.n ?? 0;

  const enquiryRows = await db.query<{ memberType: string; serviceArea: string; concerning: boolean; n: number }>(
    `SELECT member_type AS "memberType", service_area AS "serviceArea", reference IS NOT NULL AS concerning, count(*)::int AS n
       FROM enquiries WHERE received_on BETWEEN $1::date AND $2::date GROUP BY 1, 2, 3`,
    [from, to],
  );
  const areas = new Map<string, number>();
  const enquiries: KindsReport['enquiries'] = { received: 0, fromMps: 0, fromCouncillors: 0, concerningComplaints: 0, answered: 0, serviceAreas: [] };
  for (const e of enquiryRows.rows) {
    enquiries.received += e.n;
    if (e.memberType === 'mp') enquiries.fromMps += e.n;
    else enquiries.fromCouncillors += e.n;
    if (e.concerning) enquiries.concerningComplaints += e.n;
    areas.set(e.serviceArea, (areas.get(e.serviceArea) ?? 0) + e.n);
  }
  enquiries.serviceAreas = [...areas].map(([serviceArea, n]) => ({ serviceArea, enquiries: n })).sort((a, b) => b.enquiries - a.enquiries || byText(a.serviceArea, b.serviceArea));
  const answeredEnquiries = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM enquiries WHERE answered_on BETWEEN $1::date AND $2::date`, [from, to]);
  enquiries.answered = answeredEnquiries.rows[0]?.n ?? 0;

  const logged = await db.query<{ team: string; outcome: string | null; n: number }>(
    `SELECT team, outcome, count(*)::int AS n FROM service_requests WHERE received_on BETWEEN $1::date AND $2::date GROUP BY 1, 2`,
    [from, to],
  );
  const triaged = await db.query<{ team: string | null; n: number }>(
    `SELECT team, count(*)::int AS n FROM cases WHERE procedure = 'service-request' AND received_on BETWEEN $1::date AND $2::date GROUP BY 1`,
    [from, to],
  );
  const teams = new Map<string, number>();
  const outcomes = new Map<string, number>();
  const serviceRequests: KindsReport['serviceRequests'] = { received: 0, logged: 0, triagedFromComplaints: 0, teams: [], outcomes: [] };
  for (const r of logged.rows) {
    serviceRequests.logged += r.n;
    teams.set(r.team, (teams.get(r.team) ?? 0) + r.n);
    outcomes.set(r.outcome ?? NOT_RECORDED, (outcomes.get(r.outcome ?? NOT_RECORDED) ?? 0) + r.n);
  }
  for (const r of triaged.rows) {
    serviceRequests.triagedFromComplaints += r.n;
    teams.set(r.team ?? NOT_RECORDED, (teams.get(r.team ?? NOT_RECORDED) ?? 0) + r.n);
  }
  serviceRequests.received = serviceRequests.logged + serviceRequests.triagedFromComplaints;
  serviceRequests.teams = [...teams].map(([team, n]) => ({ team, requests: n })).sort((a, b) => byText(a.team, b.team));
  serviceRequests.outcomes = [...outcomes].map(([outcome, n]) => ({ outcome, requests: n })).sort((a, b) => byText(a.outcome, b.outcome));

  return { corporate, enquiries, serviceRequests };
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
