/**
 * The access rule as data (domain/access.ts): each role's row, who reaches a
 * case and how, the 404 that hides a case from a caller who does not reach
 * it against the 403 for one who does but not for this, a part's limits, and
 * the listing's scope.
 */
import { describe, expect, it } from 'vitest';
import {
  ACCESS_TABLE,
  decideCommand,
  listingScope,
  partLimit,
  rolesReaching,
  viewsOf,
  type CaseAccessFacts,
  type Principal,
} from '../../domain/access';
import { ROLES, type Role } from '../../domain/roles';
import { COMMAND_TABLE } from '../../domain/complaint/table';

/** A fostering case with every part held by someone named after it. */
const FACTS: CaseAccessFacts = {
  team: 'fostering',
  parties: [
    { id: 'officer.ann', part: 'assigned-officer' },
    { id: 'io.adams', part: 'investigating-officer' },
    { id: 'ip.baker', part: 'independent-person' },
    { id: 'hos.khan', part: 'adjudicating-officer' },
    { id: 'chair.cole', part: 'panel-chair' },
    { id: 'member.dale', part: 'panel-member' },
  ],
};
const who = (subject: string, roles: Role[], teams: string[] = []): Principal => ({ subject, roles, teams });

describe('the access table', () => {
  // Each row: a caller who reaches the case in that role, what they read, and one who holds the role but does not reach it.
  const ROWS: Record<Role, { reaches: Principal; reads: string[]; outside: Principal | null }> = {
    // Equalities monitoring (special category data): the complaints manager alone.
    'complaints-manager': { reaches: who('mgr', ['complaints-manager']), reads: ['summary', 'case', 'correspondence', 'chronology', 'actions', 'equalities'], outside: null },
    director: { reaches: who('dir', ['director']), reads: ['summary', 'case', 'correspondence', 'chronology', 'actions'], outside: null },
    auditor: { reaches: who('aud', ['auditor']), reads: ['summary'], outside: null },
    'complaints-officer': {
      reaches: who('officer.bob', ['complaints-officer'], ['fostering']),
      reads: ['summary', 'case', 'correspondence', 'chronology', 'actions'],
      outside: who('officer.bob', ['complaints-officer'], ['adoption']),
    },
    'service-manager': {
      reaches: who('sm', ['service-manager'], ['fostering']),
      reads: ['summary', 'case', 'correspondence', 'chronology', 'actions'],
      outside: who('sm', ['service-manager'], ['adoption']),
    },
    'investigating-officer': {
      reaches: who('io.adams', ['investigating-officer']),
      reads: ['summary', 'case', 'correspondence', 'chronology'],
      outside: who('io.other', ['investigating-officer'], ['fostering']),
    },
    'independent-person': { reaches: who('ip.baker', ['independent-person']), reads: ['summary', 'case', 'chronology'], outside: who('ip.other', ['independent-person']) },
    'adjudicating-officer': {
      reaches: who('hos.khan', ['adjudicating-officer']),
      reads: ['summary', 'case', 'correspondence', 'chronology', 'actions'],
      outside: who('hos.other', ['adjudicating-officer']),
    },
    'panel-chair': { reaches: who('chair.cole', ['panel-chair']), reads: ['summary', 'case', 'chronology', 'actions'], outside: who('chair.other', ['panel-chair']) },
    'panel-member': { reaches: who('member.dale', ['panel-member']), reads: ['summary', 'case', 'chronology'], outside: who('member.other', ['panel-member']) },
  };

  it('has a row for every role', () => {
    expect(Object.keys(ACCESS_TABLE).sort()).toEqual([...ROLES].sort());
  });

  for (const role of ROLES) {
    it(`${role}: reads ${ROWS[role].reads.join(', ')} of a case it reaches, nothing of one it does not`, () => {
      const row = ROWS[role];
      expect(rolesReaching(row.reaches, FACTS)).toEqual([role]);
      expect([...viewsOf(row.reaches, FACTS)].sort()).toEqual([...row.reads].sort());
      expect([...ACCESS_TABLE[role].views].sort()).toEqual([...row.reads].sort());
      if (row.outside) {
        expect(rolesReaching(row.outside, FACTS)).toEqual([]);
        expect(viewsOf(row.outside, FACTS).size).toBe(0);
      }
    });
  }

  it('the appointed people are reached by id and part: a subject in another part of the case does not count', () => {
    // The IP holding the investigating-officer role too is not the case's IO.
    expect(rolesReaching(who('ip.baker', ['investigating-officer', 'independent-person']), FACTS)).toEqual(['independent-person']);
    // A panel member is not its chair.
    expect(rolesReaching(who('member.dale', ['panel-chair', 'panel-member']), FACTS)).toEqual(['panel-member']);
  });
});

describe('rolesReaching for a complaints officer', () => {
  const officer = (subject: string, teams: string[]) => who(subject, ['complaints-officer'], teams);
  it('reaches the cases of its teams', () => {
    expect(rolesReaching(officer('officer.bob', ['adoption', 'fostering']), FACTS)).toEqual(['complaints-officer']);
  });
  it('reaches a case assigned to it, whatever its teams', () => {
    expect(rolesReaching(officer('officer.ann', []), FACTS)).toEqual(['complaints-officer']);
  });
  it('does not reach another team case it is not assigned to, nor a case with no team', () => {
    expect(rolesReaching(officer('officer.bob', ['adoption']), FACTS)).toEqual([]);
    expect(rolesReaching(officer('officer.bob', ['fostering']), { team: null, parties: [] })).toEqual([]);
  });
});

describe('decideCommand', () => {
  const row = (name: keyof typeof COMMAND_TABLE) => COMMAND_TABLE[name].roles;

  it('404 for a caller who does not reach the case: its existence is not disclosed', () => {
    expect(decideCommand(who('io.other', ['investigating-officer']), FACTS, row('contact'), 'contact')).toEqual({ allowed: false, status: 404, detail: 'not found' });
  });

  it('403 for a caller who reaches the case but not for this command', () => {
    expect(decideCommand(who('ip.baker', ['independent-person']), FACTS, row('contact'), 'contact')).toEqual({
      allowed: false,
      status: 403,
      detail: 'contact needs one of the roles: complaints-officer, complaints-manager, investigating-officer',
    });
    // Holds the role, but not in this case: says so.
    expect(decideCommand(who('ip.baker', ['independent-person', 'investigating-officer']), FACTS, row('contact'), 'contact')).toEqual({
      allowed: false,
      status: 403,
      detail: 'contact needs one of the roles complaints-officer, complaints-manager, investigating-officer in this case; you hold investigating-officer but are not appointed to it in that part',
    });
  });

  it('allowed through the roles that reach the case, which it names', () => {
    expect(decideCommand(who('io.adams', ['investigating-officer']), FACTS, row('contact'), 'contact')).toEqual({ allowed: true, as: ['investigating-officer'] });
    expect(decideCommand(who('officer.ann', ['complaints-officer']), FACTS, row('assign'), 'assign').allowed).toBe(false);
    expect(decideCommand(who('mgr', ['complaints-manager']), FACTS, row('assign'), 'assign')).toEqual({ allowed: true, as: ['complaints-manager'] });
  });

  it('a chair cannot record another case’s panel', () => {
    const other: CaseAccessFacts = { team: 'fostering', parties: [{ id: 'chair.other', part: 'panel-chair' }] };
    expect(decideCommand(who('chair.cole', ['panel-chair']), other, row('record-panel'), 'record-panel')).toMatchObject({ allowed: false, status: 404 });
  });
});

describe('partLimit', () => {
  it("an Independent Person may not submit the Investigating Officer's report", () => {
    expect(partLimit('submit-reports', ['independent-person'], { reports: ['investigating-officer'] })).toBe(
      'you may submit only your own report (independent-person), not: investigating-officer',
    );
    expect(partLimit('submit-reports', ['independent-person'], { reports: ['independent-person'] })).toBeNull();
  });
  it('the Adjudicating Officer records Stage 2 findings, the Chair Stage 3: neither the other stage', () => {
    expect(partLimit('record-findings', ['panel-chair'], { stage: 'stage2' })).toBe('you may record findings only for stage3, not stage2');
    expect(partLimit('record-findings', ['panel-chair'], { stage: 'stage3' })).toBeNull();
    expect(partLimit('record-findings', ['adjudicating-officer'], { stage: 'stage1' })).toBe('you may record findings only for stage2, not stage1');
    expect(partLimit('record-findings', ['adjudicating-officer', 'panel-chair'], { stage: 'stage3' })).toBeNull();
    expect(partLimit('record-findings', ['complaints-officer'], { stage: 'stage1' })).toBeNull();
  });

  it('the complaints team submits either report', () => {
    expect(partLimit('submit-reports', ['complaints-officer'], { reports: ['investigating-officer', 'independent-person'] })).toBeNull();
  });
});

describe('listingScope', () => {
  it('every case for a manager, the Director and the auditor', () => {
    expect(listingScope(who('mgr', ['complaints-manager']))).toEqual({ everyCase: true, teams: [], subject: 'mgr', parts: [] });
    expect(listingScope(who('aud', ['auditor'])).everyCase).toBe(true);
  });
  it("an officer's teams and the cases assigned to it", () => {
    expect(listingScope(who('officer.bob', ['complaints-officer'], ['fostering']))).toEqual({
      everyCase: false,
      teams: ['fostering'],
      subject: 'officer.bob',
      parts: ['assigned-officer'],
    });
  });
  it('an appointed person: its parts only, never its teams', () => {
    expect(listingScope(who('io.adams', ['investigating-officer'], ['fostering']))).toEqual({
      everyCase: false,
      teams: [],
      subject: 'io.adams',
      parts: ['investigating-officer'],
    });
    expect(listingScope(who('x', ['panel-chair', 'panel-member'])).parts).toEqual(['panel-chair', 'panel-member']);
  });
});
