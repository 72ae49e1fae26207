import { describe, expect, it } from 'vitest';
import type { CaseView } from '../../domain/complaint/state';
import { caseSummary, withoutReasons } from '../../api/case-summary';

/** Every string in a JSON value, keys included. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...strings(v)]);
  return [];
}

// Free text and ids a case view may carry, each of which the auditor must not see.
const SECRET = {
  note: 'Spoke to Jo Bloggs (fictional) at 1 High Street',
  reason: 'Jo is in hospital until Friday',
  io: 'io.bloggs',
  ip: 'ip.smith',
  chair: 'chair.jones',
  actor: 'officer.jo',
  decision: 'Ombudsman found fault with the care plan',
};

const view = {
  reference: 'CSC-2026-7KQ3MP',
  procedure: 'statutory',
  stage: 'stage2',
  status: 'in-progress',
  onHold: false,
  heldHeads: ['head-1'],
  partialHolds: [{ head: 'head-1', state: 'held', reason: 'court-proceedings', since: '2026-11-20', releasedAt: null }],
  outcome: { kind: 'not-accepted', reason: SECRET.reason },
  receivedAt: '2026-11-20T09:30:00Z',
  receivedOn: '2026-11-20',
  team: 'fostering',
  policy: { id: 'england-statutory', name: 'England' },
  calendarVersion: 'v1',
  deadlines: [
    {
      key: 'stage1.respond',
      kind: 'duty',
      due: '2026-12-18',
      state: 'pending',
      metAt: null,
      explanation: `received Fri 20 Nov 2026; 10 working days → Fri 4 Dec 2026; extended by 10 working days (${SECRET.reason}) → Fri 18 Dec 2026`,
      warnings: [],
    },
  ],
  next: null,
  overdue: null,
  stage2: { requestedAt: '2026-11-25T10:00:00Z', requestedOn: '2026-11-25', investigatingOfficer: { id: SECRET.io }, independentPerson: { id: SECRET.ip }, replacements: 0, reports: [] },
  stage3: { requestedAt: '2026-11-25T10:00:00Z', requestedOn: '2026-11-25', members: [{ id: SECRET.chair, role: 'chair' }], adjournments: 0 },
  findings: [{ stage: 'stage1', findings: { heads: [{ head: 'head-1', finding: 'upheld', detail: SECRET.note }] }, recordedAt: '2026-11-30T10:00:00Z' }],
  ombudsman: { referredAt: '2026-12-01T10:00:00Z', decision: SECRET.decision },
  events: [{ action: 'extended', actor: SECRET.actor, at: '2026-11-27T10:00:00Z', recordedAt: '2026-11-27T10:00:00Z', note: SECRET.note, detail: { reason: SECRET.reason } }],
} as unknown as CaseView;

describe('the summary view (the auditor): an allow-list of dates, states and counts', () => {
  const summary = caseSummary(view, { letters: 3 });

  it('carries no free text, reason, person or id of a party: every string of it is walked', () => {
    const all = strings(summary).join('\n');
    for (const secret of Object.values(SECRET)) expect(all).not.toContain(secret);
    expect(all).not.toContain('Jo');
  });

  it('keeps the dates, states, deadlines and counts', () => {
    expect(summary).toEqual({
      reference: 'CSC-2026-7KQ3MP',
      procedure: 'statutory',
      stage: 'stage2',
      status: 'in-progress',
      outcome: { kind: 'not-accepted' },
      team: 'fostering',
      onHold: false,
      receivedAt: '2026-11-20T09:30:00Z',
      receivedOn: '2026-11-20',
      deadlines: [
        {
          key: 'stage1.respond',
          kind: 'duty',
          due: '2026-12-18',
          state: 'pending',
          metAt: null,
          missedAt: null,
          explanation: 'received Fri 20 Nov 2026; 10 working days → Fri 4 Dec 2026; extended by 10 working days → Fri 18 Dec 2026',
        },
      ],
      counts: { events: 1, letters: 3, findings: 1 },
    });
  });

  it("an explanation loses an extension's reason, nothing else", () => {
    expect(withoutReasons('received Fri 20 Nov 2026; 10 working days → Fri 4 Dec 2026')).toBe('received Fri 20 Nov 2026; 10 working days → Fri 4 Dec 2026');
    expect(withoutReasons('extended by 5 working days (a (nested) reason) → Fri 11 Dec 2026; paused on Mon 7 Dec 2026 (court-proceedings hold) with 4 working days left')).toBe(
      'extended by 5 working days → Fri 11 Dec 2026; paused on Mon 7 Dec 2026 (court-proceedings hold) with 4 working days left',
    );
  });
});
