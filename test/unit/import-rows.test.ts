/**
 * Bulk import without servers: the CSV parser (RFC 4180), the row schema, a
 * row's steps, and the replay of an imported history through the procedure
 * at a pinned present. Dates are literal; the 2026 ones are those of
 * test/api/three-stages-http.test.ts, where they are counted in comments.
 */
import { describe, expect, it } from 'vitest';
import { CsvError, csvField, parseCsv, parseCsvRecords } from '../../api/csv';
import { importRowSchema, stepsOf, type ImportRow } from '../../api/imports';
import { defaultCalendarData } from '../../domain/holidays';
import { ENGLAND_STATUTORY_POLICY } from '../../domain/policy';
import { ImportRefused, replayImported, startingState, type ImportedStep } from '../../domain/complaint/imported';
import type { ComplaintInput } from '../../domain/complaint/state';

describe('parseCsv (RFC 4180)', () => {
  it('reads plain fields, CRLF and LF line ends, and a last line without one', () => {
    expect(parseCsv('a,b,c\r\n1,2,3\n4,,6')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
      ['4', '', '6'],
    ]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    expect(parseCsv('name,summary\r\n"Smith, A","She said ""no""\r\nand left"\r\n')).toEqual([
      ['name', 'summary'],
      ['Smith, A', 'She said "no"\r\nand left'],
    ]);
  });

  it('keeps empty fields at the ends of a line, and skips blank lines', () => {
    expect(parseCsv(',x,\n\n"",y,""\n')).toEqual([
      ['', 'x', ''],
      ['', 'y', ''],
    ]);
  });

  it('skips a byte-order mark', () => {
    expect(parseCsv('\ufeffa,b\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('refuses malformed quoting, naming the line', () => {
    expect(() => parseCsv('a,b\n1,"open\n2,3')).toThrow(new CsvError(2, 'a quoted field is never closed'));
    expect(() => parseCsv('a\nx"y')).toThrow('line 2: a quote inside an unquoted field');
    expect(() => parseCsv('a\n"x"y')).toThrow('line 2: text after the closing quote');
  });

  it('round-trips fields written with csvField', () => {
    const fields = ['plain', 'with, comma', 'with "quotes"', 'two\nlines', ' padded ', ''];
    expect(parseCsv(fields.map(csvField).join(','))).toEqual([fields]);
  });

  it('keys records by the header and checks their width, with the line of a record after a multi-line field', () => {
    expect(parseCsvRecords('sourceId,summary\nA-1,"x\ny"\nA-2,z\n')).toEqual([
      { sourceId: 'A-1', summary: 'x\ny' },
      { sourceId: 'A-2', summary: 'z' },
    ]);
    expect(() => parseCsvRecords('a,b\n"1\n2",3\n4\n')).toThrow('line 4: 1 fields where the header has 2');
    expect(() => parseCsvRecords('a,a\n1,2')).toThrow('column "a" appears twice');
    expect(() => parseCsvRecords('')).toThrow('no header line');
  });
});

const BASE = {
  sourceId: 'OLD-1001',
  receivedAt: '2026-03-02T09:00:00Z',
  channel: 'letter',
  complainantName: 'Sam Carer',
  complainantType: 'foster-carer',
  summary: 'Placement support was withdrawn without notice.',
  team: 'Fostering',
};

function problems(raw: unknown): Array<{ field: string; message: string }> {
  const parsed = importRowSchema.safeParse(raw);
  if (parsed.success) return [];
  return parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
}

describe('the import row schema', () => {
  it('takes a CSV row (all text, blanks for absent) and a JSON row alike', () => {
    const csv = importRowSchema.parse({ ...BASE, acknowledgedAt: '2026-03-03', stage1ExtensionDays: ' ', stage2ExtensionAgreed: '' });
    expect(csv).toMatchObject({ sourceId: 'OLD-1001', acknowledgedAt: '2026-03-03' });
    expect(csv).not.toHaveProperty('stage1ExtensionDays');
    const withExtension = { stage1ExtendedAt: '2026-03-10T10:00:00Z', stage1ExtensionReason: 'waiting for records' };
    expect(importRowSchema.parse({ ...BASE, ...withExtension, stage1ExtensionDays: '5' }).stage1ExtensionDays).toBe(5);
    expect(importRowSchema.parse({ ...BASE, ...withExtension, stage1ExtensionDays: 5 }).stage1ExtensionDays).toBe(5);
    expect(importRowSchema.parse({ ...BASE, stage2ExtensionAgreed: 'yes' }).stage2ExtensionAgreed).toBe(true);
  });

  it('names every invalid field', () => {
    expect(problems({ ...BASE, sourceId: '', channel: 'pigeon', receivedAt: '2 March 2026', unknownColumn: 'x' }).map((p) => p.field).sort()).toEqual(
      ['', 'channel', 'receivedAt', 'sourceId'].sort(),
    );
    expect(problems({ ...BASE, unknownColumn: 'x' })[0]!.message).toMatch(/unknownColumn/);
    expect(problems({ ...BASE, receivedAt: '2005-01-01' })).toEqual([{ field: 'receivedAt', message: 'is before the 2006 regulations came into force (1 September 2006)' }]);
    expect(problems({ ...BASE, stage1ExtensionDays: 'five' }).map((p) => p.field)).toContain('stage1ExtensionDays');
  });

  it('asks for the columns that go together', () => {
    expect(problems({ ...BASE, stage1ExtendedAt: '2026-03-10' })).toEqual([
      { field: 'stage1ExtensionDays', message: 'needed with stage1ExtendedAt (a Stage 1 extension)' },
      { field: 'stage1ExtensionReason', message: 'needed with stage1ExtendedAt (a Stage 1 extension)' },
    ]);
    expect(problems({ ...BASE, heldAt: '2026-03-10' })).toEqual([{ field: 'holdReason', message: 'needed with heldAt (a hold)' }]);
    expect(problems({ ...BASE, holdReleasedAt: '2026-03-10' }).map((p) => p.field)).toEqual(['heldAt']);
    expect(problems({ ...BASE, panelScheduledAt: '2026-05-12' }).map((p) => p.field)).toEqual(['panelDate']);
  });
});

function row(extra: Record<string, unknown>): ImportRow {
  return importRowSchema.parse({ ...BASE, ...extra }) as ImportRow;
}

describe('a row as steps', () => {
  it('lists the steps in the order they happened, triaged at receipt when the old system never dated it', () => {
    const steps = stepsOf(row({ acknowledgedAt: '2026-03-03T09:00:00Z', respondedAt: '2026-03-13T15:00:00Z' }), 'manager-1');
    expect(steps.map((s) => [s.step.command, s.step.input.at])).toEqual([
      ['triage', '2026-03-02T09:00:00.000Z'],
      ['acknowledge', '2026-03-03T09:00:00.000Z'],
      ['respond', '2026-03-13T15:00:00.000Z'],
    ]);
    expect(steps[0]!.step.input).toMatchObject({ decision: 'stage1', actor: 'manager-1' });
  });

  it('leaves a case untriaged when it went no further than acknowledgement', () => {
    expect(stepsOf(row({ acknowledgedAt: '2026-03-03' }), 'm').map((s) => s.step.command)).toEqual(['acknowledge']);
  });

  it('keeps a plain date after the steps before it on the same London day, in the procedure order', () => {
    // Received 15:00 BST; acknowledged and responded "that day": after receipt, acknowledgement first.
    const steps = stepsOf(row({ receivedAt: '2026-06-01T15:00:00+01:00', respondedAt: '2026-06-01', acknowledgedAt: '2026-06-01', triagedAt: '2026-06-01' }), 'm');
    expect(steps.map((s) => [s.step.command, s.step.input.at])).toEqual([
      ['triage', '2026-06-01T14:00:00.000Z'],
      ['acknowledge', '2026-06-01T14:00:00.000Z'],
      ['respond', '2026-06-01T14:00:00.000Z'],
    ]);
    // A plain date on its own counts from 00:00 London (BST: 23:00 the day before in UTC).
    expect(stepsOf(row({ acknowledgedAt: '2026-06-02' }), 'm')[0]!.step.input.at).toBe('2026-06-01T23:00:00.000Z');
  });

  it('gives the investigators and the reports an adjudication needs', () => {
    const steps = stepsOf(
      row({
        respondedAt: '2026-03-13T15:00:00Z',
        stage2RequestedAt: '2026-03-20T10:00:00Z',
        investigatorsAppointedAt: '2026-03-24T09:00:00Z',
        investigatingOfficer: 'io-7',
        investigatingOfficerTeam: 'Quality Assurance',
        independentPerson: 'ip-3',
        adjudicatedAt: '2026-05-06T12:00:00+01:00',
      }),
      'm',
    );
    expect(steps.map((s) => s.step.command)).toEqual(['triage', 'respond', 'escalate', 'appoint-investigators', 'submit-reports', 'adjudicate']);
    expect(steps[3]!.step.input).toMatchObject({ investigatingOfficer: { id: 'io-7', team: 'Quality Assurance' }, independentPerson: { id: 'ip-3' } });
    expect(steps[4]!.step.input).toMatchObject({ reports: ['investigating-officer', 'independent-person'], at: '2026-05-06T11:00:00.000Z' });
  });
});

function imported(r: ImportRow): ComplaintInput & { imported: { source: string; steps: ImportedStep[] } } {
  return {
    reference: 'CSC-2026-IMPORT',
    receivedAt: new Date(Date.parse(r.receivedAt)).toISOString(),
    policy: ENGLAND_STATUTORY_POLICY,
    calendar: defaultCalendarData('england-and-wales'),
    team: r.team,
    actor: 'manager-1',
    imported: { source: 'legacy', steps: stepsOf(r, 'manager-1').map((s) => s.step) },
  };
}

const deadlines = (state: ReturnType<typeof replayImported>) => Object.fromEntries(state.deadlines.map((d) => [d.key, `${d.due} ${d.state}`]));

describe('replaying an imported history at a pinned present', () => {
  it('puts a Stage 2 case with its statement agreed where it would be had it started here', () => {
    const state = replayImported(
      imported(
        row({
          acknowledgedAt: '2026-03-03T09:00:00Z',
          respondedAt: '2026-03-13T15:00:00Z',
          stage2RequestedAt: '2026-03-20T10:00:00Z',
          stage2AcknowledgedAt: '2026-03-23T09:00:00Z',
          investigatorsAppointedAt: '2026-03-24T09:00:00Z',
          investigatingOfficer: 'io-7',
          independentPerson: 'ip-3',
          statementAgreedAt: '2026-03-31T10:00:00+01:00',
        }),
      ),
      Date.parse('2026-04-20T12:00:00+01:00'),
    );
    expect(state.stage).toBe('stage2');
    expect(deadlines(state)).toEqual({
      'stage1.acknowledge': '2026-03-05 met',
      'stage1.respond': '2026-03-16 met',
      'stage1.escalate': '2026-04-14 met',
      'stage2.acknowledge': '2026-03-25 met',
      'stage2.respond': '2026-05-08 pending', // 25 WD after Tue 31 Mar, skipping Easter and 4 May
      // The old system's updates are not known: 10 WD from the import, Mon 20 Apr, skipping 4 May → Tue 5 May.
      'stage2.progress': '2026-05-05 pending',
    });
    // The letters of those steps were the old system's: none is owed again; the event says what was replayed.
    expect(state.outbox).toEqual([]);
    const event = state.events.at(-1)!;
    expect(event).toMatchObject({ action: 'imported', actor: 'manager-1', at: '2026-04-20T11:00:00.000Z' });
    expect(event.detail).toMatchObject({
      source: 'legacy',
      lettersNotResent: 'stage1-acknowledgement,stage1-response,stage2-acknowledgement,stage2-appointed,stage2-statement-agreed',
      overdueAtImport: '',
    });
    expect(String(event.detail!.steps).split(' ')).toHaveLength(7);
    // Reminders already past are not owed; those still to come are, at 09:00 London (the last 2 WD before 8 May).
    expect(state.deadlines.find((d) => d.key === 'stage2.respond')!.reminders.map((r) => new Date(r.at).toISOString())).toEqual([
      '2026-04-21T08:00:00.000Z',
      '2026-04-29T08:00:00.000Z',
      '2026-05-06T08:00:00.000Z',
    ]);
  });

  it('alerts once for a duty of the current stage still undone past its due date, and not for one met late', () => {
    // Acknowledged late (due Thu 5 Mar), never answered: Stage 1 response due Mon 16 Mar.
    const state = replayImported(imported(row({ acknowledgedAt: '2026-03-06T09:00:00Z', triagedAt: '2026-03-02T10:00:00Z' })), Date.parse('2026-03-20T12:00:00Z'));
    expect(deadlines(state)).toEqual({ 'stage1.acknowledge': '2026-03-05 missed', 'stage1.respond': '2026-03-16 pending' });
    // The response fell due after the last step: the workflow's first pass marks it and alerts, like any case.
    expect(state.outbox).toEqual([]);
    expect(state.events.at(-1)!.detail).toMatchObject({ overdueAtImport: '' });

    // Missed between two steps and still undone: owed one breach alert now.
    const held = replayImported(
      imported(row({ triagedAt: '2026-03-02T10:00:00Z', heldAt: '2026-03-18T10:00:00Z', holdReason: 'court-proceedings' })),
      Date.parse('2026-03-20T12:00:00Z'),
    );
    expect(deadlines(held)).toEqual({ 'stage1.acknowledge': '2026-03-05 missed', 'stage1.respond': '2026-03-16 missed' });
    expect(held.outbox.map((n) => [n.kind, n.subject, n.detail.due])).toEqual([
      ['breach-alert', 'stage1.acknowledge', '2026-03-05'],
      ['breach-alert', 'stage1.respond', '2026-03-16'],
    ]);
    expect(held.hold).toMatchObject({ reason: 'court-proceedings' });
  });

  it('pauses the clocks running at a hold and gives them back their working days at its release', () => {
    // Triaged Mon 2 Mar; held Mon 9 Mar with 5 WD of the response left (due 16 Mar); released Mon 23 Mar → Mon 30 Mar.
    const state = replayImported(
      imported(row({ acknowledgedAt: '2026-03-03T09:00:00Z', heldAt: '2026-03-09T10:00:00Z', holdReason: 'safeguarding', holdReleasedAt: '2026-03-23T10:00:00Z' })),
      Date.parse('2026-03-24T12:00:00Z'),
    );
    expect(deadlines(state)).toMatchObject({ 'stage1.respond': '2026-03-30 pending' });
  });

  it('cancels the Stage 1 acknowledgement of a case triaged straight to Stage 2 before that fell due', () => {
    const state = replayImported(
      imported(row({ triageDecision: 'stage2', triagedAt: '2026-03-02T10:00:00Z', stage2AcknowledgedAt: '2026-03-03T09:00:00Z' })),
      Date.parse('2026-04-01T12:00:00+01:00'),
    );
    // The request is the receipt (Mon 2 Mar): acknowledged by Thu 5 Mar; the response clock waits for the statement.
    expect(deadlines(state)).toEqual({ 'stage1.acknowledge': '2026-03-05 cancelled', 'stage2.acknowledge': '2026-03-05 met' });
  });

  it('refuses a history the procedure would not allow, naming the step', () => {
    const input = imported(row({ respondedAt: '2026-03-13T15:00:00Z', stage2RequestedAt: '2026-03-10T10:00:00Z' }));
    let refused: unknown;
    try {
      replayImported(input, Date.parse('2026-04-01T00:00:00Z'));
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(ImportRefused);
    expect((refused as ImportRefused).command).toBe('escalate');
    expect((refused as ImportRefused).reason).toMatch(/not given and not overdue/);
  });

  it('starts a case without a history exactly as before', () => {
    const { imported: _none, ...plain } = imported(row({}));
    const now = Date.parse('2026-03-02T09:30:00Z');
    expect(startingState(plain, now).events.map((e) => e.action)).toEqual(['received']);
  });
});
