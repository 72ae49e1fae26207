import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config/config';
import { leftInWords, sectionsOf, type CaseloadRow } from '../../web/staff/caseload';
import { staffOptions } from '../../web/staff/options';

const row = (reference: string, over: Partial<CaseloadRow>): CaseloadRow => ({
  reference,
  stage: 'stage1',
  status: 'in-progress',
  team: 'T',
  onHold: false,
  overdue: false,
  nextKey: 'stage1.respond',
  next: 'Stage 1 response',
  due: null,
  dueText: null,
  workingDaysLeft: null,
  leftText: null,
  ...over,
});

describe('the caseload sections', () => {
  // Wednesday 9 December 2026: its week ends on Sunday 13 December.
  const today = '2026-12-09';
  const rows = [
    row('today', { due: '2026-12-09' }),
    row('friday', { due: '2026-12-11' }),
    row('sunday', { due: '2026-12-13' }),
    row('next-monday', { due: '2026-12-14' }),
    row('missed', { due: '2026-12-08', overdue: true }),
    row('held', { due: '2026-12-10', onHold: true }),
    row('window', { due: '2026-12-10', nextKey: 'stage1.escalate', status: 'awaiting-escalation' }),
    row('closed', { due: '2026-12-10', stage: 'closed', status: 'closed' }),
  ];
  const sections = sectionsOf(rows, today);
  const refs = (r: CaseloadRow[]) => r.map((x) => x.reference);

  it('due this week: from today to Sunday, not overdue, not held, not the complainant’s window, not closed', () => {
    expect(refs(sections['due-this-week'])).toEqual(['today', 'friday', 'sunday']);
  });
  it('overdue, on hold and the complainant’s window each on their own; every case under all', () => {
    expect(refs(sections.overdue)).toEqual(['missed']);
    expect(refs(sections['on-hold'])).toEqual(['held']);
    expect(refs(sections['complainant-window'])).toEqual(['window']);
    expect(sections.all).toHaveLength(rows.length);
  });
  it('awaiting my decision: the open cases of the decision queues this person resolves, closed ones never', () => {
    expect(refs(sectionsOf(rows, today, new Set(['held', 'window', 'closed', 'not-in-this-caseload']))['awaiting-decision'])).toEqual(['held', 'window']);
    expect(sections['awaiting-decision']).toEqual([]);
  });
  it('says the working days in words', () => {
    expect([leftInWords(0), leftInWords(1), leftInWords(6), leftInWords(-1), leftInWords(-21)]).toEqual([
      'due today',
      '1 working day left',
      '6 working days left',
      '1 working day overdue',
      '21 working days overdue',
    ]);
  });
});

describe('the staff sign-in settings', () => {
  const idp = { AUTH_JWKS_URL: 'https://login.council.example/jwks', AUTH_ISSUER: 'https://login.council.example', AUTH_AUDIENCE: 'complaints' };
  it('signs in at the API’s identity provider, back to PUBLIC_URL', () => {
    const options = staffOptions(loadConfig({ ...idp, STAFF_OIDC_CLIENT_ID: 'staff', PUBLIC_URL: 'https://complaints.council.example' }));
    expect(options.oidc).toEqual({ issuer: 'https://login.council.example', clientId: 'staff', redirectUri: 'https://complaints.council.example/staff/sign-in/callback' });
    expect(options.session).toEqual({ idleMs: 30 * 60_000, absoluteMs: 10 * 3_600_000 });
  });
  it('has no OpenID client without one, and refuses a client without the identity provider', () => {
    expect(staffOptions(loadConfig({})).oidc).toBeUndefined();
    expect(() => loadConfig({ STAFF_OIDC_CLIENT_ID: 'staff' })).toThrow(ConfigError);
    expect(() => loadConfig({ STAFF_OIDC_CLIENT_ID: 'staff' })).toThrow('STAFF_OIDC_CLIENT_ID needs AUTH_JWKS_URL');
  });
});
