import type { WorkingDayCalendar } from '../domain/calendar';
import { addDays, londonDateOf, startOfLondonDay, type IsoDate } from '../domain/dates';
import { ENGLAND_STATUTORY_POLICY, getPolicy, type Policy } from '../domain/policy';
import type { Db } from './db';
import type { ReportRange } from './report';

/**
 * Stage 2 timings per case: when each step of the investigation happened
 * (reg. 17; Luton 14; BANES 8.6-8.7, "an average of 89 working days"), the
 * table councils are asked for under freedom of information. Dates only,
 * London dates; no names, no investigator ids.
 *
 * A case is in the table when its Stage 2 was open on some day of the period:
 * requested on or before its end, and neither answered nor closed before its start.
 */
export interface Stage2Timing {
  reference: string;
  team: string | null;
  /** Escalated to Stage 2, or received when triaged straight to it. */
  requestedOn: IsoDate;
  acknowledgedOn: IsoDate | null;
  /** The Investigating Officer and the Independent Person are appointed together; a replacement keeps the first date (`replacements` counts them). */
  investigatingOfficerAppointedOn: IsoDate | null;
  independentPersonAppointedOn: IsoDate | null;
  replacements: number;
  statementAgreedOn: IsoDate | null;
  /** Null also where the case's details were disposed of (which report came when is then unknown). */
  investigatingOfficerReportOn: IsoDate | null;
  independentPersonReportOn: IsoDate | null;
  adjudicatedOn: IsoDate | null;
  /** The response (the adjudication letter): the met date of the Stage 2 response clock. */
  respondedOn: IsoDate | null;
  /** Where the case's policy starts the 25-working-day clock, and the date it counted from. */
  clockStart: Policy['stage2ClockStart'];
  clockStartOn: IsoDate | null;
  respondBy: IsoDate | null;
  /** Working days from the clock start (the request when the statement was never agreed) to the response. */
  workingDays: number | null;
  closedOn: IsoDate | null;
}

interface Row {
  reference: string;
  team: string | null;
  policyId: string;
  policyVersion: number;
  receivedAt: string;
  closedAt: string | null;
  directToStage2: boolean;
  firstEscalationAt: string | null;
  acknowledgedAt: string | null;
  appointedAt: string | null;
  replacements: number;
  statementAgreedAt: string | null;
  reports: Array<{ at: string; reports: string | null }> | null;
  adjudicatedAt: string | null;
  respondedAt: string | null;
  respondBy: string | null;
}

export async function stage2Timings(db: Db, range: ReportRange, calendar: WorkingDayCalendar): Promise<Stage2Timing[]> {
  const endAt = new Date(startOfLondonDay(addDays(range.to, 1))).toISOString();
  const r = await db.query<Row>(
    `SELECT c.reference, c.team, c.policy_id AS "policyId", c.policy_version AS "policyVersion", c.received_at AS "receivedAt", c.closed_at AS "closedAt",
            -- As the annual report tells a case that went straight to Stage 2, disposed of or not (report.ts).
            (EXISTS (SELECT 1 FROM events e WHERE e.reference = c.reference AND e.action = 'triaged' AND e.detail->>'decision' = 'stage2')
             OR (NOT EXISTS (SELECT 1 FROM deadlines d WHERE d.reference = c.reference AND d.key LIKE 'stage1.%')
                 AND EXISTS (SELECT 1 FROM deadlines d WHERE d.reference = c.reference AND d.key LIKE 'stage2.%'))) AS "directToStage2",
            (SELECT min(e.at) FROM events e WHERE e.reference = c.reference AND e.action = 'escalated') AS "firstEscalationAt",
            (SELECT d.met_at FROM deadlines d WHERE d.reference = c.reference AND d.key = 'stage2.acknowledge') AS "acknowledgedAt",
            (SELECT min(e.at) FROM events e WHERE e.reference = c.reference AND e.action = 'investigators-appointed') AS "appointedAt",
            (SELECT count(*)::int FROM events e WHERE e.reference = c.reference AND e.action = 'investigators-replaced') AS replacements,
            (SELECT min(e.at) FROM events e WHERE e.reference = c.reference AND e.action = 'statement-agreed') AS "statementAgreedAt",
            (SELECT json_agg(json_build_object('at', e.at, 'reports', e.detail->>'reports') ORDER BY e.at, e.id) FROM events e
              WHERE e.reference = c.reference AND e.action = 'reports-submitted') AS reports,
            (SELECT min(e.at) FROM events e WHERE e.reference = c.reference AND e.action = 'adjudicated') AS "adjudicatedAt",
            d2.met_at AS "respondedAt", to_char(d2.due, 'YYYY-MM-DD') AS "respondBy"
       FROM cases c
       LEFT JOIN deadlines d2 ON d2.reference = c.reference AND d2.key = 'stage2.respond'
      WHERE c.received_at < $1
        AND EXISTS (SELECT 1 FROM deadlines d WHERE d.reference = c.reference AND d.key LIKE 'stage2.%')
      ORDER BY c.reference`,
    [endAt],
  );
  const day = (instant: string | null | undefined): IsoDate | null => (instant ? londonDateOf(Date.parse(instant)) : null);
  const out: Stage2Timing[] = [];
  for (const c of r.rows) {
    // Stage 1 comes first unless triaged straight to Stage 2: its first escalation is then to Stage 2.
    const requestedOn = c.directToStage2 ? day(c.receivedAt) : day(c.firstEscalationAt);
    if (requestedOn === null || requestedOn > range.to) continue;
    const respondedOn = day(c.respondedAt);
    const closedOn = day(c.closedAt);
    const ended = [respondedOn, closedOn].filter((d): d is IsoDate => d !== null).sort()[0];
    if (ended !== undefined && ended < range.from) continue;

    const reportOn = (which: string) => day((c.reports ?? []).find((x) => x.reports?.split(',').includes(which))?.at);
    const clockStart = stage2ClockStartOf(c.policyId, c.policyVersion);
    const agreed = day(c.statementAgreedAt);
    const clockStartOn = clockStart === 'statement-agreed' ? (agreed ?? requestedOn) : requestedOn;
    const appointed = day(c.appointedAt);
    out.push({
      reference: c.reference,
      team: c.team,
      requestedOn,
      acknowledgedOn: day(c.acknowledgedAt),
      investigatingOfficerAppointedOn: appointed,
      independentPersonAppointedOn: appointed,
      replacements: c.replacements,
      statementAgreedOn: agreed,
      investigatingOfficerReportOn: reportOn('investigating-officer'),
      independentPersonReportOn: reportOn('independent-person'),
      adjudicatedOn: day(c.adjudicatedAt),
      respondedOn,
      clockStart,
      clockStartOn,
      respondBy: c.respondBy,
      workingDays: respondedOn === null ? null : calendar.workingDaysBetween(clockStartOn, respondedOn),
      closedOn,
    });
  }
  return out;
}

/** Where a case's policy (the version it pinned) starts the Stage 2 response clock; a policy no longer shipped counts from the statutory default. */
export function stage2ClockStartOf(policyId: string, version: number): Policy['stage2ClockStart'] {
  try {
    return getPolicy(policyId, version).stage2ClockStart;
  } catch {
    return ENGLAND_STATUTORY_POLICY.stage2ClockStart;
  }
}

export const STAGE2_TIMING_COLUMNS: ReadonlyArray<[keyof Stage2Timing, string]> = [
  ['reference', 'Reference'],
  ['team', 'Team'],
  ['requestedOn', 'Stage 2 requested'],
  ['acknowledgedOn', 'Acknowledged'],
  ['investigatingOfficerAppointedOn', 'Investigating Officer appointed'],
  ['independentPersonAppointedOn', 'Independent Person appointed'],
  ['replacements', 'Replacements'],
  ['statementAgreedOn', 'Statement of complaint agreed'],
  ['investigatingOfficerReportOn', "Investigating Officer's report"],
  ['independentPersonReportOn', "Independent Person's report"],
  ['adjudicatedOn', 'Adjudication'],
  ['respondedOn', 'Response'],
  ['clockStart', 'Clock starts at'],
  ['clockStartOn', 'Clock start date'],
  ['respondBy', 'Response due'],
  ['workingDays', 'Working days to the response'],
  ['closedOn', 'Closed'],
];
