import { describe, expect, it } from 'vitest';
import { communicationNeedsOf, firstUnanswered, happenedOnDate, peopleOf, readStep, stepsOf } from '../../web/journey';

/** The questions' order and checks, and what the answers become on the case file (web/journey.ts). */
describe('make a complaint: the questions', () => {
  it('asks a child or young person about an advocate (s.26A), and nobody else', () => {
    expect(stepsOf('standard', { who: 'child' })).toEqual(['who', 'about', 'advocate', 'what', 'outcome', 'contact', 'needs']);
    expect(stepsOf('standard', { who: 'parent' })).toEqual(['who', 'about', 'what', 'outcome', 'contact', 'needs']);
    expect(stepsOf('easy-read', {})).toEqual(['what', 'outcome', 'contact', 'needs', 'advocate']);
    // Changing "who" to the child calls for the advocacy question before check your answers.
    expect(firstUnanswered('standard', { who: 'child', childName: '', summary: 's', outcome: '', name: 'n', needs: [] })).toBe('advocate');
  });

  it('takes a real past date, explains but never refuses one over 12 months old', () => {
    expect(happenedOnDate({ day: '3', month: '4', year: '2025' })).toBe('2025-04-03');
    expect(happenedOnDate({ day: '31', month: '2', year: '2026' })).toBeUndefined();
    const read = (day: string, month: string, year: string) =>
      readStep('what', { summary: 'x', 'happened-day': day, 'happened-month': month, 'happened-year': year }, {}, '2026-08-28', false).errors.map((e) => [e.href, e.text]);
    expect(read('1', '1', '2020')).toEqual([]);
    expect(read('', '', '')).toEqual([]);
    expect(read('31', '2', '2026')).toEqual([['#happened-day', 'When it happened must be a real date, like 27 3 2026']]);
    expect(read('29', '8', '2026')).toEqual([['#happened-day', 'When it happened must be today or in the past']]);
  });

  it('needs an email or a postal address, and one format of letter', () => {
    expect(readStep('contact', { name: 'A', phone: '01632 960001' }, {}, '2026-08-28', false).errors.map((e) => e.text)).toEqual(['Enter an email address or a postal address']);
    expect(readStep('contact', { name: 'A', address: '1 High St' }, {}, '2026-08-28', false).errors).toEqual([]);
    expect(readStep('needs', { needs: ['large-print', 'easy-read'] }, {}, '2026-08-28', false).errors.map((e) => e.text)).toEqual(['Select large print or easy read, not both']);
    expect(readStep('needs', { needs: 'language', language: 'xx' }, {}, '2026-08-28', false).errors.map((e) => e.text)).toEqual(['Select a language']);
  });

  it('files the complainant with their type, the child apart, and the needs every letter carries', () => {
    const base = { name: 'A Parent', email: 'a@example.org', childName: 'Sam' };
    expect(peopleOf({ ...base, who: 'parent' })).toEqual([
      { role: 'complainant', name: 'A Parent', type: 'parent', email: 'a@example.org' },
      { role: 'child', name: 'Sam' },
    ]);
    expect(peopleOf({ ...base, who: 'advocate' })[0]).toMatchObject({ type: 'other', relationship: 'advocate' });
    // A child complaining about themself is the only person filed.
    expect(peopleOf({ ...base, who: 'child' })).toEqual([{ role: 'complainant', name: 'A Parent', type: 'child', email: 'a@example.org' }]);
    expect(communicationNeedsOf({ needs: [] })).toBeUndefined();
    expect(communicationNeedsOf({ needs: ['easy-read', 'bsl', 'helper'], helper: 'my foster carer' })).toEqual({
      format: 'easy-read',
      interpreter: false,
      bsl: true,
      arrangements: 'Someone to help: my foster carer',
    });
  });
});
