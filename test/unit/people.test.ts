import { describe, expect, it } from 'vitest';
import { advocacyStanding, owedAdvocacyWarning, type AdvocacyStep } from '../../domain/complaint/advocacy';
import { firstRefusal, independenceRefusal, registerAnswer } from '../../domain/complaint/independence';

const AT = '2026-12-04T10:00:00.000Z';

describe('the independence rule (domain/complaint/independence.ts)', () => {
  it('refuses an Independent Person of the council (Luton 16.3) and a panel member of the council (Rutland 10.1); never an Investigating Officer', () => {
    const outside = { parts: ['independent-person', 'panel-member'] as const, ofCouncil: false };
    const officer = { parts: ['independent-person', 'panel-chair', 'investigating-officer'] as const, ofCouncil: true };
    expect(independenceRefusal(registerAnswer('ip.a', 'independent-person', { ...outside, parts: [...outside.parts] }, AT))).toBeUndefined();
    expect(independenceRefusal(registerAnswer('ip.b', 'independent-person', { ...officer, parts: [...officer.parts] }, AT))?.rule).toBe('luton-16.3');
    expect(independenceRefusal(registerAnswer('c.b', 'panel-chair', { ...officer, parts: [...officer.parts] }, AT))?.rule).toBe('rutland-10.1');
    expect(independenceRefusal(registerAnswer('m.a', 'panel-chair', { ...outside, parts: [...outside.parts] }, AT))?.rule).toBe('not-registered');
    expect(independenceRefusal(registerAnswer('io.x', 'investigating-officer', undefined, AT))).toBeUndefined();
    expect(independenceRefusal(registerAnswer('io.y', 'investigating-officer', { ...officer, parts: [...officer.parts] }, AT))).toBeUndefined();
    expect(registerAnswer('nobody', 'panel-member', undefined, AT)).toEqual({ id: 'nobody', part: 'panel-member', registered: false, ofCouncil: null, checkedAt: AT });
    expect(firstRefusal(undefined)).toBeUndefined();
  });
});

describe('advocacy (domain/complaint/advocacy.ts)', () => {
  const steps: AdvocacyStep[] = [
    { event: 'offered', to: 'child', at: '2026-11-02T10:00:00.000Z', service: 'NYAS' },
    { event: 'declined', to: 'child', at: '2026-11-03T10:00:00.000Z' },
    { event: 'offered', to: 'child', at: '2026-11-09T10:00:00.000Z' },
    { event: 'advocate-joined', to: 'child', at: '2026-11-10T10:00:00.000Z' },
  ];
  it('stands where the last steps leave each party: a new offer clears the old answer', () => {
    expect(advocacyStanding(steps, 'child')).toEqual({ to: 'child', offeredAt: '2026-11-09T10:00:00.000Z', answer: null, answeredAt: null, hasAdvocate: true, service: 'NYAS' });
    expect(advocacyStanding(steps, 'complainant')).toEqual({ to: 'complainant', offeredAt: null, answer: null, answeredAt: null, hasAdvocate: false, service: null });
  });
  it("owes the child of an adult's complaint an offer until one is recorded; `other` only when a child is named", () => {
    expect(owedAdvocacyWarning('parent', false, [])).toContain('owed to the child');
    expect(owedAdvocacyWarning('foster-carer', true, steps)).toBeUndefined();
    expect(owedAdvocacyWarning('parent', true, [{ event: 'offered', to: 'complainant', at: AT }])).toContain('owed to the child');
    expect(owedAdvocacyWarning('other', false, [])).toBeUndefined();
    expect(owedAdvocacyWarning('other', true, [])).toContain('owed to the child');
    expect(owedAdvocacyWarning('young-person', true, [])).toBeUndefined();
    expect(owedAdvocacyWarning(null, true, [])).toBeUndefined();
  });
});
