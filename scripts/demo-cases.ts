// The demo's cases: a dozen invented complaints at every point of the
// procedure, dated in London working days back from today, so that each is
// exactly where its label says and nothing is overdue by accident (only the
// case meant to be). Each is an import row (POST /v1/imports): its history is
// replayed at those dates before its first timer, as for a real import, so no
// false alarm goes out. All names are invented and marked as such.
import { WorkingDayCalendar } from '../domain/calendar';
import type { IsoDate } from '../domain/dates';

export interface DemoCase {
  /** Stable id: the import's sourceId is `demo-<slug>`, so a second run finds the case. */
  slug: string;
  /** Where the case is meant to be, in words. */
  label: string;
  /** Where it is meant to be: stage and status (the test checks them). */
  stage: 'stage1' | 'stage2' | 'stage3' | 'closed';
  status: string;
  /** The one case meant to be overdue names its duty. */
  overdue?: string;
  row: Record<string, string>;
  /** Steps taken today through the commands API, after the import (closing, a referral). */
  then?: Array<{ command: string; body: Record<string, unknown> }>;
}

const person = (name: string, type: string, extra: Record<string, string> = {}) => ({
  complainantName: `${name} (fictional)`,
  complainantType: type,
  ...extra,
});

/** The demo cases as of `today` (a London date), on `calendar`. */
export function demoCases(today: IsoDate, calendar: WorkingDayCalendar): DemoCase[] {
  // n working days before today; 0 is today itself (counted from 00:00 London).
  const ago = (n: number) => (n === 0 ? today : calendar.subtractWorkingDays(today, n));
  const ahead = (n: number) => calendar.addWorkingDays(today, n);
  const received = (n: number) => `${ago(n)}T09:30:00Z`;
  // Stage 1 in time: acknowledged the next working day, answered within its 10 working days.
  const stage1Answered = (r: number, respondedAgo: number) => ({ receivedAt: received(r), acknowledgedAt: ago(r - 1), respondedAt: ago(respondedAgo) });
  const investigators = { investigatingOfficer: 'io.demo', investigatingOfficerTeam: 'Independent Reviewing', independentPerson: 'ip.demo' };

  return [
    {
      slug: 'awaiting-triage',
      label: 'awaiting triage (received yesterday)',
      stage: 'stage1',
      status: 'awaiting-triage',
      row: { receivedAt: received(1), channel: 'email', ...person('Morgan Quillfeather', 'parent', { complainantEmail: 'morgan.quillfeather@example.org' }), summary: 'Contact with my son was moved to Saturdays without asking us.', team: 'Children in Care' },
    },
    {
      slug: 'stage1-in-time',
      label: 'Stage 1, acknowledged, response due in 6 working days',
      stage: 'stage1',
      status: 'in-progress',
      row: { receivedAt: received(4), triagedAt: ago(3), acknowledgedAt: ago(3), channel: 'online', ...person('Rowan Tealbrook', 'young-person'), childName: 'Rowan Tealbrook (fictional)', summary: 'My pathway plan review keeps being cancelled.', team: 'Leaving Care' },
    },
    {
      slug: 'stage1-due-soon',
      label: 'Stage 1, response due in 2 working days (its reminder goes out today)',
      stage: 'stage1',
      status: 'in-progress',
      row: { receivedAt: received(8), triagedAt: ago(7), acknowledgedAt: ago(7), channel: 'letter', ...person('Ellis Marrowby', 'foster-carer', { complainantAddress: '1 Nowhere Lane, Fictionville' }), summary: 'Our fostering allowance was paid late three months running.', team: 'Fostering' },
    },
    {
      slug: 'stage1-overdue',
      label: 'Stage 1, response overdue (meant to be: the breach alert shows)',
      stage: 'stage1',
      status: 'in-progress',
      overdue: 'stage1.respond',
      row: { receivedAt: received(14), triagedAt: ago(13), acknowledgedAt: ago(13), channel: 'phone', ...person('Sasha Brindlecombe', 'special-guardian', { complainantPhone: '01632 960123' }), summary: 'Nobody has replied about the respite care that stopped in the summer.', team: 'Disabled Children' },
    },
    {
      slug: 'escalation-window',
      label: 'Stage 1 answered, in the complainant\'s window to ask for Stage 2',
      stage: 'stage1',
      status: 'awaiting-escalation',
      row: { ...stage1Answered(15, 5), channel: 'email', ...person('Jules Fernhollow', 'parent', { complainantEmail: 'jules.fernhollow@example.org' }), summary: 'The social worker changed four times in a year.', team: 'Children in Care' },
    },
    {
      slug: 'stage2-requested',
      label: 'Stage 2 asked for yesterday, acknowledgement due in 2 working days',
      stage: 'stage2',
      status: 'in-progress',
      row: { ...stage1Answered(25, 16), stage2RequestedAt: ago(1), channel: 'letter', ...person('Avery Coldharbour', 'relative'), summary: 'Grandparents were not told about the care plan meeting.', team: 'Safeguarding' },
    },
    {
      slug: 'stage2-investigating',
      label: 'Stage 2, statement agreed, investigation under way',
      stage: 'stage2',
      status: 'in-progress',
      row: { ...stage1Answered(40, 32), stage2RequestedAt: ago(20), stage2AcknowledgedAt: ago(19), investigatorsAppointedAt: ago(17), ...investigators, statementAgreedAt: ago(15), channel: 'email', ...person('Kit Harrowgate', 'parental-responsibility', { complainantEmail: 'kit.harrowgate@example.org' }), summary: 'The assessment was shared with the school before we saw it.', team: 'Early Help' },
    },
    {
      slug: 'stage2-adjudication-due',
      label: 'Stage 2, reports in, adjudication due in 3 working days',
      stage: 'stage2',
      status: 'in-progress',
      row: { ...stage1Answered(60, 52), stage2RequestedAt: ago(40), stage2AcknowledgedAt: ago(39), investigatorsAppointedAt: ago(37), ...investigators, statementAgreedAt: ago(22), reportsSubmittedAt: ago(2), channel: 'online', ...person('Robin Ashcombe-Vale', 'care-leaver'), summary: 'My leaving care grant was refused without reasons.', team: 'Leaving Care' },
    },
    {
      slug: 'on-hold',
      label: 'Stage 1 on hold (court proceedings)',
      stage: 'stage1',
      status: 'in-progress',
      row: { receivedAt: received(6), triagedAt: ago(5), acknowledgedAt: ago(5), heldAt: ago(3), holdReason: 'court-proceedings', channel: 'letter', ...person('Dana Quarrington', 'parent'), summary: 'Disagreement about the contact arrangements now before the court.', team: 'Children in Care' },
    },
    {
      slug: 'stage3-panel',
      label: 'Stage 3, review panel in 4 working days, papers sent',
      stage: 'stage3',
      status: 'in-progress',
      row: {
        ...stage1Answered(90, 82),
        stage2RequestedAt: ago(70), stage2AcknowledgedAt: ago(69), investigatorsAppointedAt: ago(67), ...investigators, statementAgreedAt: ago(65), adjudicatedAt: ago(42),
        stage3RequestedAt: ago(25), stage3AcknowledgedAt: ago(24), panelScheduledAt: ago(20), panelDate: ahead(4), panelNotifiedAt: ago(8), papersSentAt: ago(7),
        channel: 'email', ...person('Sam Wrenfield', 'adopter', { complainantEmail: 'sam.wrenfield@example.org' }), summary: 'Adoption support was withdrawn after the placement order.', team: 'Adoption',
      },
    },
    {
      slug: 'closed-resolved',
      label: 'Closed as resolved after its Stage 1 response',
      stage: 'closed',
      status: 'closed',
      row: { ...stage1Answered(12, 3), channel: 'in-person', ...person('Indy Gallowmere', 'child'), childName: 'Indy Gallowmere (fictional)', summary: 'I was not asked what I wanted before my review.', team: 'Children in Care' },
      then: [{ command: 'close', body: { outcome: 'resolved', reason: 'The complainant is satisfied with the apology and the new review date.' } }],
    },
    {
      slug: 'ombudsman',
      label: 'Stage 2 adjudicated, referred to the Ombudsman',
      stage: 'stage2',
      status: 'awaiting-escalation',
      row: {
        ...stage1Answered(75, 67), stage2RequestedAt: ago(55), stage2AcknowledgedAt: ago(54), investigatorsAppointedAt: ago(52), ...investigators, statementAgreedAt: ago(40), adjudicatedAt: ago(16),
        channel: 'letter', ...person('Lee Thistlewood', 'relative'), summary: 'Kinship care assessment took eleven months.', team: 'Fostering',
      },
      then: [{ command: 'refer-to-ombudsman', body: { ombudsmanReference: 'DEMO 0001' } }],
    },
  ];
}
