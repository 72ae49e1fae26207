import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeSeeded, seedDemo } from '../../scripts/demo';
import { formatLong, londonDateOf } from '../../domain/dates';
import { WorkingDayCalendar } from '../../domain/calendar';
import { defaultCalendarData } from '../../domain/holidays';
import { demoCases } from '../../scripts/demo-cases';
import { startApi, type ApiHarness } from '../helpers/dev-server';

/** `npm run demo`'s seeding, through the API on the real dev server: every stage, nothing overdue by accident, nothing twice. */
let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.stop();
});

describe('npm run demo', () => {
  it('seeds a dozen cases at their intended stages, dated from today; a second run adds none', async () => {
    const now = Date.now();
    const today = londonDateOf(now);
    const token = await api.token('complaints-manager', 'demo-seeder');
    const calendar = new WorkingDayCalendar(defaultCalendarData('england-and-wales'));
    const intended = demoCases(today, calendar);

    const first = await seedDemo({ api: api.baseUrl, token, now });
    expect(first).toHaveLength(12);
    expect(first.every((c) => c.created)).toBe(true);
    for (const c of first) {
      const meant = intended.find((i) => i.slug === c.slug)!;
      expect({ slug: c.slug, stage: c.stage, status: c.status }).toEqual({ slug: meant.slug, stage: meant.stage, status: meant.status });
      // Only the case meant to be overdue is; every other next date is today or later.
      expect(c.overdue?.key ?? null, c.slug).toBe(meant.overdue ?? null);
      if (c.next) expect(c.next.due >= today, `${c.slug}: ${c.next.due}`).toBe(true);
    }
    expect(new Set(first.map((c) => c.reference)).size).toBe(12);
    expect(first.find((c) => c.slug === 'escalation-window')!.next?.key).toBe('stage1.escalate');
    expect(first.find((c) => c.slug === 'stage3-panel')!.next?.key).toBe('stage3.panel');
    // Received 14 working days ago: the response was due 10 working days after, 4 working days ago.
    const overdue = first.find((c) => c.slug === 'stage1-overdue')!;
    expect(overdue.overdue?.due).toBe(calendar.subtractWorkingDays(today, 4));
    expect(describeSeeded(overdue)).toBe(
      `${overdue.reference}  stage1  in-progress          OVERDUE: stage1.respond was due ${formatLong(calendar.subtractWorkingDays(today, 4))}  (Stage 1, response overdue (meant to be: the breach alert shows))`,
    );

    const listed = async () => (await (await fetch(`${api.baseUrl}/v1/complaints?limit=200`, { headers: { authorization: `Bearer ${token}` } })).json()) as { cases: Array<{ reference: string }> };
    const before = (await listed()).cases.length;
    const again = await seedDemo({ api: api.baseUrl, token, now });
    expect(again.map((c) => [c.reference, c.created])).toEqual(first.map((c) => [c.reference, false]));
    expect(again.map((c) => [c.stage, c.status])).toEqual(first.map((c) => [c.stage, c.status]));
    expect((await listed()).cases.length).toBe(before);
    // The Ombudsman referral and the closing were applied once.
    const referred = (await (await fetch(`${api.baseUrl}/v1/complaints/${first.find((c) => c.slug === 'ombudsman')!.reference}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { ombudsman: { reference: string }; events: Array<{ action: string }> };
    expect(referred.ombudsman.reference).toBe('DEMO 0001');
    expect(referred.events.filter((e) => e.action === 'referred-to-ombudsman')).toHaveLength(1);
  });
});
