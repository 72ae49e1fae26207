import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../api/auth/roles';
import { errorHandler, notFound } from '../../api/problems';
import { complaintRoutes } from '../../api/routes/complaints';
import type { Db } from '../../records/db';
import { Records } from '../../records/repository';
import { axeViolations, launchChromium, screenshot } from '../helpers/browser';
import { newCase, openTestDb, snapshot } from './fixtures';

/**
 * The chronology (GET /v1/complaints/{ref}/chronology) as a person reads it:
 * London times, plain words for every event and notice, each step's reasons
 * and dates, and both times for a step logged late. The case file is written
 * as the workflow writes it; the route is the API's own, on a small app that
 * stands in for the authenticated /v1 router (the role comes from a header).
 */

const REF = 'CSC-2026-7KQ3MP';
let db: Db;
let server: Server;
let base: string;

// Received Fri 20 Nov 2026 09:30 GMT; acknowledged on Mon 23 Nov but logged on Fri 4 Dec.
const EVENTS = [
  { seq: 1, action: 'received', actor: 'officer-1', at: '2026-11-20T09:30:00.000Z', recordedAt: '2026-11-20T09:30:00.000Z' },
  { seq: 2, action: 'triaged', actor: 'officer-1', at: '2026-11-20T11:00:00.000Z', recordedAt: '2026-11-20T11:00:00.000Z', detail: { decision: 'stage1' } },
  // Backdated over the duty already alerted as missed: a complaints manager's reason (domain/complaint/past.ts).
  {
    seq: 3,
    action: 'acknowledged',
    actor: 'manager-1',
    at: '2026-11-23T10:00:00.000Z',
    recordedAt: '2026-12-04T14:02:00.000Z',
    detail: { deadline: 'stage1.acknowledge', backdateReason: 'Acknowledged by phone on the day; the letter was logged on return from leave', missedTurnedMet: 'stage1.acknowledge' },
    note: 'Phoned as well',
  },
  { seq: 4, action: 'extended', actor: 'manager-1', at: '2026-11-27T15:00:00.000Z', recordedAt: '2026-11-27T15:00:00.000Z', detail: { deadline: 'stage1.respond', workingDays: 10, reason: 'An advocate is being arranged', newDue: '2026-12-18' } },
  { seq: 5, action: 'held', actor: 'officer-1', at: '2026-11-30T09:00:00.000Z', recordedAt: '2026-11-30T09:00:00.000Z', detail: { reason: 'court-proceedings' } },
  { seq: 6, action: 'hold-released', actor: 'officer-1', at: '2026-12-01T09:00:00.000Z', recordedAt: '2026-12-01T09:00:00.000Z', detail: { reason: 'court-proceedings' } },
  { seq: 7, action: 'responded', actor: 'officer-1', at: '2026-12-02T16:00:00.000Z', recordedAt: '2026-12-02T16:00:00.000Z' },
  { seq: 8, action: 'window-lapsed', actor: 'system', at: '2027-01-06T00:00:00.000Z', recordedAt: '2027-01-06T00:00:00.000Z', detail: { window: 'stage1.escalate', closedOn: '2027-01-05' } },
  { seq: 9, action: 'escalated', actor: 'manager-1', at: '2027-01-11T10:00:00.000Z', recordedAt: '2027-01-11T10:00:00.000Z', detail: { to: 'stage2', late: true, lateAcceptedReason: 'The complainant was in hospital' } },
];

beforeAll(async () => {
  db = await openTestDb('pglite');
  const records = new Records(db, { now: () => new Date('2026-11-20T09:31:00Z') });
  await records.createCase(newCase(REF, { receivedAt: '2026-11-20T09:30:00Z' }));
  // The officer works the team's cases; the Investigating Officer is appointed to this one (the access rule, domain/access.ts).
  const parties = [
    { id: 'officer-1', part: 'assigned-officer' as const },
    { id: 'investigating-officer-1', part: 'investigating-officer' as const },
  ];
  await records.syncCase(snapshot(REF, { receivedAt: '2026-11-20T09:30:00.000Z', receivedOn: '2026-11-20', events: EVENTS, parties }));
  const letter = { reference: REF, channel: 'outbox', subject: '', body: 'text', status: 'sent' as const };
  await records.recordCorrespondence({ ...letter, noticeId: 1, kind: 'breach-alert', template: 'breach-alert', recipientRole: 'complaints-manager', subject: `Missed deadline ${REF}: acknowledgement of the complaint was due Wed 25 Nov 2026`, sentAt: '2026-11-26T00:00:05.000Z' });
  await records.recordCorrespondence({ ...letter, noticeId: 2, kind: 'letter', template: 'extension', recipientRole: 'complainant', subject: `Your complaint ${REF}: more time needed`, sentAt: '2026-11-27T15:00:01.000Z' });
  const app = express();
  app.use((req, _res, next) => {
    const role = req.get('x-test-role') as Role | undefined;
    if (role) req.caller = { subject: `${role}-1`, roles: [role], teams: ['Children in Care'], councils: ['default'] };
    next();
  });
  // The chronology reads the records store only; no Temporal call is made on this route for a caller the records say reaches the case.
  app.use('/v1/complaints', complaintRoutes({ client: undefined as never, records, taskQueue: 'unused', defaultPolicy: 'england-statutory' }));
  app.use(notFound);
  app.use(errorHandler(() => {}));
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await db?.close();
});

const chronology = (role: Role, accept = 'application/json') => fetch(`${base}/v1/complaints/${REF}/chronology`, { headers: { 'x-test-role': role, accept } });

interface Line {
  type: string;
  at: string;
  when: string;
  recorded?: string;
  inWords?: string;
  label: string;
  details: string[];
  event?: { action: string; detail: Record<string, unknown> | null };
}

describe('the chronology in words', () => {
  it('keeps the machine codes in JSON and adds London times, plain labels and each step\'s reasons', async () => {
    const res = await chronology('complaints-officer');
    expect(res.status).toBe(200);
    const { entries } = (await res.json()) as { entries: Line[] };
    const byLabel = (label: string) => entries.find((e) => e.label === label);
    expect(entries.map((e) => [e.when, e.label])).toEqual([
      ['Fri 20 Nov 2026, 09:30', 'Complaint received'],
      ['Fri 20 Nov 2026, 09:31', 'Case file opened'],
      ['Fri 20 Nov 2026, 11:00', 'Triaged: accepted at Stage 1'],
      ['Mon 23 Nov 2026, 10:00', 'Complaint acknowledged'],
      ['Thu 26 Nov 2026, 00:00', 'Breach alert sent to the complaints manager'],
      ['Fri 27 Nov 2026, 15:00', 'Deadline extended: Stage 1 response'],
      ['Fri 27 Nov 2026, 15:00', 'Letter to the complainant: deadline extended, with the reasons'],
      ['Mon 30 Nov 2026, 09:00', 'Case put on hold: every clock stopped'],
      ['Tue 1 Dec 2026, 09:00', 'Hold released: the clocks run again'],
      ['Wed 2 Dec 2026, 16:00', 'Stage 1 response sent'],
      ['Wed 6 Jan 2027, 00:00', 'Escalation window ended without a request: case closed as not pursued'],
      ['Mon 11 Jan 2027, 10:00', 'Late request accepted: the complaint goes to Stage 2'],
    ]);
    // Logged late: when it happened and when it was recorded.
    expect(byLabel('Complaint acknowledged')).toMatchObject({
      recorded: 'Fri 4 Dec 2026, 14:02',
      inWords: 'Complaint acknowledged on Mon 23 Nov 2026 at 10:00 (recorded on Fri 4 Dec 2026 at 14:02)',
      details: [
        'Shown as missed until this was logged: acknowledgement of the complaint',
        'Reason for backdating: Acknowledged by phone on the day; the letter was logged on return from leave',
        'Note: Phoned as well',
      ],
      event: { action: 'acknowledged', detail: { backdateReason: 'Acknowledged by phone on the day; the letter was logged on return from leave' } },
    });
    expect(byLabel('Triaged: accepted at Stage 1')).toMatchObject({ inWords: 'Triaged: accepted at Stage 1 on Fri 20 Nov 2026 at 11:00' });
    expect(byLabel('Triaged: accepted at Stage 1')!.recorded).toBeUndefined();
    expect(byLabel('Deadline extended: Stage 1 response')!.details).toEqual(['Extended by: 10 working days, now due Fri 18 Dec 2026', 'Reason: An advocate is being arranged']);
    expect(byLabel('Case put on hold: every clock stopped')!.details).toEqual(['Reason for the hold: court proceedings']);
    expect(byLabel('Escalation window ended without a request: case closed as not pursued')!.details).toEqual(['The window to ask for Stage 2 ended: Tue 5 Jan 2027']);
    expect(byLabel('Late request accepted: the complaint goes to Stage 2')!.details).toEqual(['Reason for accepting it late: The complainant was in hospital']);
    expect(byLabel('Breach alert sent to the complaints manager')!.details).toEqual([
      `Subject: Missed deadline ${REF}: acknowledgement of the complaint was due Wed 25 Nov 2026`,
      'Sent by: the outbox (kept as sent, to print and post)',
    ]);
  });

  it("withholds a hold's reason from roles that may not place a hold, in JSON and on the page", async () => {
    const { entries } = (await (await chronology('investigating-officer')).json()) as { entries: Line[] };
    const held = entries.find((e) => e.event?.action === 'held')!;
    expect(held.details).toEqual(['Reason for the hold: withheld (shown to the complaints team and service managers)']);
    expect(held.event!.detail).toEqual({});
    const page = await (await chronology('investigating-officer', 'text/html')).text();
    expect(page).not.toContain('court proceedings');
    expect(page).not.toContain('court-proceedings');
  });
});

// npm test installs Debian's chromium when it is missing (scripts/bootstrap.mjs); never skipped.
describe('the chronology page in a browser', () => {
  it('reads as a person expects: London times, plain words, reasons, late logging; no accessibility violations', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 800 }, extraHTTPHeaders: { 'x-test-role': 'complaints-manager', accept: 'text/html' } });
      const res = await page.goto(`${base}/v1/complaints/${REF}/chronology`);
      expect(res?.status()).toBe(200);
      await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(`Chronology of complaint ${REF}`);
      const rows = await page.locator('tbody tr').allInnerTexts();
      expect(rows).toHaveLength(12);
      const text = await page.locator('main').innerText();
      for (const seen of [
        'Fri 20 Nov 2026, 09:30',
        'Complaint acknowledged',
        '(recorded on Fri 4 Dec 2026 at 14:02)',
        'Reason for backdating: Acknowledged by phone on the day; the letter was logged on return from leave',
        'Breach alert sent to the complaints manager',
        'Escalation window ended without a request: case closed as not pursued',
        'Reason: An advocate is being arranged',
        'Reason for the hold: court proceedings',
        'Reason for accepting it late: The complainant was in hospital',
      ]) {
        expect(text, seen).toContain(seen);
      }
      // No machine codes or raw UTC instants in what a person reads.
      expect(text).not.toMatch(/breach-alert|window-lapsed|stage1\.|T\d\d:\d\d:\d\d/);
      expect(await axeViolations(page)).toEqual([]);
      console.log(`chronology screenshot: ${await screenshot(page, 'chronology')}`);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
