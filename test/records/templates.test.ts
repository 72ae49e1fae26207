import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config';
import { TemplateError } from '../../records/errors';
import { renderMarkdown, slot } from '../../records/letters/markdown';
import { fill, loadTemplates, renderLetter } from '../../records/letters/templates';
import { noticeValues, OMBUDSMAN_DETAILS, templateFor } from '../../records/letters/values';
import type { Notice } from '../../domain/complaint/state';

const set = loadTemplates();
const context = {
  reference: 'CSC-2026-7KQ3MP',
  sentAt: new Date('2026-12-21T10:05:00Z'),
  councilName: 'Rutland County Council',
  councilContact: 'the Complaints Team',
  complaintsPhone: '01572 722577',
  complaintsEmail: 'complaints@rutland.example',
  complaintsAddress: 'Catmose, Catmos Street, Oakham, LE15 6HP',
  recipientName: 'Alex Parent',
};

/** A response's findings as the workflow lists them (domain/complaint/transitions/letters.ts): codes, dates and pence. */
const FINDINGS_DETAIL: Notice['detail'] = {
  findings: true,
  actionPlan: true,
  heads: [
    { head: '1', finding: 'partially-upheld', category: 'delay-in-decision-or-service', reasons: 'The review was four weeks late.' },
    { head: '2a', finding: 'not-upheld', category: 'quality-of-service', reasons: null },
  ],
  remedies: [
    { head: '1', remedy: 'apology', amountPence: null },
    { head: '1', remedy: 'financial-redress', amountPence: 25050 },
  ],
  actions: [
    { id: 'R1', action: 'Check every review date in the team', owner: 'jo.smith', due: '2027-02-02' },
    { id: 'R2', action: null, owner: 'sam.jones', due: '2027-02-10' },
  ],
};

/** Every notice as the workflow emits it (`notify(…)` in domain/complaint/transitions/ and workflow.ts), with the reasons refusals need. */
const SAMPLES: Array<Omit<Notice, 'id'>> = [
  { kind: 'letter', subject: 'stage1-acknowledgement', detail: { respondBy: '2027-01-06' } },
  { kind: 'letter', subject: 'stage1-acknowledgement', detail: { respondBy: null } },
  { kind: 'letter', subject: 'stage2-acknowledgement', detail: { respondBy: null } },
  { kind: 'letter', subject: 'stage3-acknowledgement', detail: { respondBy: '2027-03-01' } },
  { kind: 'letter', subject: 'extension', detail: { deadline: 'stage1.respond', newDue: '2027-01-20', reasons: 'An advocate is helping you.' } },
  { kind: 'letter', subject: 'stage1-response', detail: { escalateBy: '2027-02-03' } },
  { kind: 'letter', subject: 'stage2-statement-agreed', detail: { respondBy: '2027-03-10' } },
  { kind: 'letter', subject: 'stage2-adjudication', detail: { escalateBy: '2027-04-07' } },
  { kind: 'letter', subject: 'stage1-response', detail: { escalateBy: '2027-02-03', ...FINDINGS_DETAIL } },
  { kind: 'letter', subject: 'stage2-adjudication', detail: { escalateBy: '2027-04-07', findings: true, heads: [{ head: '1', finding: 'not-upheld', category: 'staff-attitude-behaviour', reasons: null }], remedies: [], actions: [] } },
  {
    kind: 'letter',
    subject: 'action-plan-completed',
    detail: {
      stage: 'stage2',
      actions: [
        { id: 'R1', action: 'Check every review date in the team', owner: 'jo.smith', due: '2027-02-02', doneOn: '2027-01-29' },
        { id: 'R2', action: null, owner: 'sam.jones', due: '2027-02-10', doneOn: '2027-02-11' },
      ],
    },
  },
  { kind: 'letter', subject: 'escalation-refused', detail: { to: 'stage2', ombudsman: OMBUDSMAN_DETAILS, reasons: 'The request came four months late.' } },
  { kind: 'letter', subject: 'not-accepted', detail: { reason: 'out-of-time', ombudsman: OMBUDSMAN_DETAILS, reasons: 'The events were in 2024.' } },
  { kind: 'letter', subject: 'routed-to-corporate-procedure', detail: { reasons: 'It is about a school place.' } },
  { kind: 'letter', subject: 'representation-recorded', detail: { reasons: 'You asked a question.' } },
  { kind: 'letter', subject: 'corporate-acknowledgement', detail: { respondBy: '2027-01-08' } },
  { kind: 'letter', subject: 'corporate-acknowledgement', detail: { respondBy: null } },
  { kind: 'letter', subject: 'corporate-response', detail: { receivedOn: '2026-12-16' } },
  { kind: 'letter', subject: 'service-request-recorded', detail: { reasons: 'You asked for a new car seat for your foster child.' } },
  { kind: 'letter', subject: 'case-on-hold', detail: { reason: 'safeguarding' } },
  { kind: 'letter', subject: 'case-resumed', detail: {} },
  { kind: 'letter', subject: 'withdrawal-confirmed', detail: {} },
  { kind: 'letter', subject: 'withdrawal-confirmed', detail: { afterClose: true, stage: 'stage1', escalateBy: '2026-12-30' } },
  { kind: 'letter', subject: 'closed-resolved', detail: { ombudsman: OMBUDSMAN_DETAILS, stage: 'stage1', escalateBy: '2026-12-30' } },
  { kind: 'letter', subject: 'closed-discontinued', detail: { stage: 'stage1', ombudsman: OMBUDSMAN_DETAILS, escalateBy: '2026-12-30' } },
  { kind: 'letter', subject: 'stage2-acknowledgement', detail: { respondBy: null, closedOn: '2026-12-01', lateAccepted: true } },
  { kind: 'letter', subject: 'stage3-acknowledgement', detail: { respondBy: '2027-02-24', closedOn: '2026-12-01' } },
  { kind: 'letter', subject: 'part-deferred', detail: { heads: '2,3a', reason: 'court-proceedings', since: '2026-11-02' } },
  { kind: 'letter', subject: 'part-deferred', detail: { heads: '4' } },
  { kind: 'letter', subject: 'closed-not-pursued', detail: { stage: 'stage1', ombudsman: OMBUDSMAN_DETAILS } },
  { kind: 'letter', subject: 'closed-resolved', detail: { ombudsman: OMBUDSMAN_DETAILS } },
  { kind: 'letter', subject: 'closed-discontinued', detail: { stage: 'stage2', ombudsman: OMBUDSMAN_DETAILS } },
  { kind: 'letter', subject: 'panel-date', detail: { panelDate: '2027-02-24' } },
  { kind: 'letter', subject: 'stage3-final-response', detail: { ombudsman: OMBUDSMAN_DETAILS } },
  {
    kind: 'letter',
    subject: 'stage3-final-response',
    detail: {
      decided: true,
      independentPerson: true,
      decisions: [
        { recommendation: 'P1', text: 'Review the contact plan.', decision: 'accepted', accepted: true },
        { recommendation: 'P2', text: 'Apologise in writing.', decision: 'accepted-in-part', acceptedInPart: true, reasons: 'We will apologise; a meeting is not possible.' },
        { recommendation: 'P3', text: 'Pay £250.', decision: 'not-accepted', notAccepted: true, reasons: 'The payment was made at Stage 2.' },
      ],
      ombudsman: OMBUDSMAN_DETAILS,
    },
  },
  { kind: 'letter', subject: 'stage3-final-response', detail: { decided: true, decisions: [], noRecommendations: true, ombudsman: OMBUDSMAN_DETAILS } },
  {
    kind: 'letter',
    subject: 'panel-recommendations',
    detail: { recommendations: [{ id: 'P1', text: 'Review the contact plan.' }], independentPerson: true, respondBy: '2027-05-17' },
  },
  { kind: 'letter', subject: 'panel-recommendations', detail: { recommendations: [], noRecommendations: true, respondBy: null, respondByPassed: '2027-05-17' } },
  { kind: 'letter', subject: 'taken-up-again', detail: { proceedingsEndedOn: '2027-02-10', acknowledgeBy: '2027-02-18', respondBy: '2027-03-01' } },
  { kind: 'letter', subject: 'stage2-appointed', detail: { ioName: 'Sam Adams', ipName: 'Robin Baker', contactBy: '2027-01-11', respondBy: null, respondWorkingDays: 25, updateEvery: 10 } },
  { kind: 'letter', subject: 'stage2-appointed', detail: { ioName: 'Kim Carter', ipName: null, contactBy: null, respondBy: '2027-02-17', respondWorkingDays: 25, updateEvery: 10, replacement: true, newIo: true } },
  { kind: 'letter', subject: 'stage2-progress', detail: { progress: 'The Investigating Officer is meeting the staff involved.', respondBy: '2027-02-17', respondWasDue: null, nextUpdateBy: '2027-02-01' } },
  { kind: 'letter', subject: 'stage2-progress', detail: { progress: 'The reports are being finished.', respondBy: null, respondWasDue: '2027-02-17', nextUpdateBy: '2027-03-03' } },
  {
    kind: 'letter',
    subject: 'meeting-arranged',
    detail: {
      purpose: 'resolution',
      meetingDate: '2027-01-20',
      meetingTime: '14:30',
      attendees: [{ name: 'Sam Adams', role: 'investigating-officer' }, { name: 'Jo Smith', role: 'service-manager' }],
      venue: 'Room 2, Catmose, Oakham',
      specialArrangements: 'A British Sign Language interpreter will be there.',
    },
  },
  { kind: 'letter', subject: 'meeting-arranged', detail: { purpose: 'clarify', meetingDate: '2027-01-20', meetingTime: '10:00', attendees: [{ name: 'Sam Adams', role: 'complaints-officer' }], online: true, rearranged: true } },
  { kind: 'breach-alert', subject: 'stage2.progress', detail: { due: '2027-01-27', to: 'investigating-officer' } },
  { kind: 'breach-alert', subject: 'late-escalation-needs-decision', detail: { to: 'stage2', decideBy: '2027-02-10' } },
  { kind: 'letter', subject: 'extension-request', detail: { deadline: 'stage2.respond', workingDays: 10, reasons: 'Two more interviews are needed.', proposedDue: '2027-05-10', due: '2027-04-23' } },
  { kind: 'breach-alert', subject: 'extension-declined', detail: { deadline: 'stage2.respond', workingDays: 10, due: '2027-04-23' } },
  { kind: 'reminder', subject: 'stage1.respond', detail: { due: '2027-01-06', why: 'half the time has gone', to: 'service-manager' } },
  { kind: 'breach-alert', subject: 'stage2.respond', detail: { due: '2027-03-10', to: 'complaints-manager' } },
];

const render = (notice: Omit<Notice, 'id'>, advocacy = false) =>
  renderLetter(set, templateFor(notice), noticeValues({ id: 1, ...notice }, context), { advocacy });

/** The subjects the workflow can emit, read from its source so a new notify(…) without a template fails here. */
function workflowSubjects(): Set<string> {
  const rules = fs.readdirSync('domain/complaint/transitions').map((f) => path.join('domain/complaint/transitions', f));
  const source = [...rules, 'workflows/complaint/workflow.ts'].map((f) => fs.readFileSync(f, 'utf8')).join('\n');
  const subjects = new Set<string>();
  for (const m of source.matchAll(/notify\(state, '([\w-]+)', ([^,)]+)/g)) {
    const [, kind, subject] = m as unknown as [string, string, string];
    if (subject.startsWith("'")) subjects.add(templateFor({ kind: kind as Notice['kind'], subject: subject.slice(1, -1) }));
    else if (subject === '`${state.stage}-acknowledgement`' || subject === '`${to}-acknowledgement`') for (const s of ['stage1', 'stage2', 'stage3']) subjects.add(`${s}-acknowledgement`);
    else if (subject === 'answeredCorporate(state') for (const s of ['corporate', 'stage1', 'stage2', 'stage3']) subjects.add(`${s}-acknowledgement`);
    else if (kind !== 'letter') subjects.add(kind); // a deadline key: the kind's template
    else if (subject.includes("'routed-to-corporate-procedure'")) ['routed-to-corporate-procedure', 'representation-recorded'].forEach((s) => subjects.add(s));
    else throw new Error(`a letter subject this test cannot read: ${subject}`);
  }
  return subjects;
}

describe('letter templates', () => {
  it('has a template for every notice the workflow emits, and a sample of each here', () => {
    const subjects = workflowSubjects();
    expect(subjects.size).toBeGreaterThanOrEqual(20);
    for (const subject of subjects) expect(set.templates.has(subject), `templates/letters/${subject}.md`).toBe(true);
    const sampled = new Set(SAMPLES.map((n) => templateFor(n)));
    for (const subject of subjects) expect(sampled.has(subject), `a sample of ${subject}`).toBe(true);
  });

  it.each(SAMPLES.map((n) => [`${n.kind} ${n.subject} (${Object.entries(n.detail).map(([k, v]) => (v === null ? `${k}: null` : k)).join(', ')})`, n] as const))(
    'fills every placeholder: %s',
    (_name, notice) => {
    const letter = render(notice);
    expect(letter.body).not.toMatch(/\{\{|\}\}/);
    expect(letter.subject).not.toMatch(/\{\{|\}\}/);
    for (const form of [letter.text, letter.html, letter.notify]) expect(form).not.toContain('**');
    expect(letter.subject).toContain('CSC-2026-7KQ3MP');
    expect(letter.body).toContain('CSC-2026-7KQ3MP');
    for (const value of Object.values(notice.detail)) {
      if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) expect(letter.body).not.toContain(value); // dates written out
    }
    },
  );

  it('ends every letter to a complainant with the Ombudsman, and staff notices without', () => {
    for (const notice of SAMPLES) {
      const letter = render(notice);
      if (letter.audience === 'complainant') {
        const last = letter.body.trimEnd().split('\n\n').at(-1)!;
        expect(last, notice.subject).toContain(OMBUDSMAN_DETAILS);
        expect(last).toMatch(/^\*\*The Ombudsman\.\*\*/);
        expect(letter.body).toContain('Dear Alex Parent');
        expect(letter.body).toContain('Mon 21 Dec 2026');
      } else {
        expect(letter.body).not.toContain('Ombudsman.**');
        expect(['reminder', 'breach-alert', 'late-escalation-needs-decision', 'extension-declined']).toContain(letter.template);
      }
    }
  });

  it('gives what the procedure requires: the due date, the right to escalate and by when', () => {
    expect(render(SAMPLES[0]!).body).toContain('by **Wed 6 Jan 2027**');
    expect(render(SAMPLES[1]!).body).toContain('within 10 working days');
    const response = render({ kind: 'letter', subject: 'stage1-response', detail: { escalateBy: '2027-02-03' } }).body;
    expect(response).toContain('Stage 2');
    expect(response).toContain('**Wed 3 Feb 2027**');
    const refused = render(SAMPLES.find((n) => n.subject === 'not-accepted')!).body;
    expect(refused).toContain('more than 12 months after the matter arose');
    expect(refused).toContain('The events were in 2024.');
    expect(render(SAMPLES.find((n) => n.subject === 'reminder' || n.kind === 'reminder')!).body).toContain('Stage 1 response is due by the end of **Wed 6 Jan 2027**');
  });

  it('lists a response\'s findings in plain words: each head with its finding and reasons, the remedies with the sum in pounds, the actions with owner and date', () => {
    for (const subject of ['stage1-response', 'stage2-adjudication']) {
      const body = render({ kind: 'letter', subject, detail: { escalateBy: '2027-02-03', ...FINDINGS_DETAIL } }).body;
      expect(body).toContain(
        [
          '- **Part 1** (about delay in a decision or service): partially upheld. The review was four weeks late.',
          '- **Part 2a** (about the quality of a service): not upheld.',
          '',
          '**What we will do**',
          '',
          '- Part 1: an apology.',
          '- Part 1: a payment of £250.50.',
          '- Check every review date in the team: jo.smith will do this by **Tue 2 Feb 2027**.',
          '- Action R2: sam.jones will do this by **Wed 10 Feb 2027**.',
          '',
          'We will write to you again when all of these actions are done.',
        ].join('\n'),
      );
      expect(body).not.toContain('enclosed with this letter');
      expect(body).toContain('Please ask by **Wed 3 Feb 2027**');
    }
    // Luton 17.1: the Stage 2 letter gives the decision on each part and the reasons for it.
    expect(render({ kind: 'letter', subject: 'stage2-adjudication', detail: FINDINGS_DETAIL }).body).toContain('**Our decision on each part, and our reasons**');
    // No findings recorded: the cover note as before.
    expect(render({ kind: 'letter', subject: 'stage1-response', detail: { escalateBy: '2027-02-03' } }).body).toContain('Our response to your complaint **CSC-2026-7KQ3MP** is enclosed with this letter.');
    const none = render(SAMPLES.find((n) => n.subject === 'stage2-adjudication' && n.detail.findings)!).body;
    expect(none).toContain('- **Part 1** (about staff attitude or behaviour): not upheld.\n\n**What we will do**\n\nWe are not planning anything further on this complaint.\n\n**If you are not satisfied**');
  });

  it('tells the complainant when a stage\'s action plan is done, and when each action was done', () => {
    const body = render(SAMPLES.find((n) => n.subject === 'action-plan-completed')!).body;
    expect(body).toContain('When we answered your complaint **CSC-2026-7KQ3MP** at Stage 2, we told you what we would do. All of it is now done:');
    expect(body).toContain(
      '- Check every review date in the team: done on **Fri 29 Jan 2027** (it was due by Tue 2 Feb 2027).\n- Action R2: done on **Thu 11 Feb 2027** (it was due by Wed 10 Feb 2027).',
    );
  });

  it('names the Stage 2 investigators, explains the Independent Person, and says what happens next and when', () => {
    const appointed = render(SAMPLES.find((n) => n.subject === 'stage2-appointed')!).text;
    expect(appointed).toContain('- Investigating Officer: Sam Adams. They have had nothing to do with the service you complained about.');
    expect(appointed).toContain(
      '- Independent Person: Robin Baker. They do not work for Rutland County Council. Their job is to make sure the investigation is fair, thorough and open, with a particular eye on the rights of the child, and they write a report of their own.',
    );
    expect(appointed).toContain('The Investigating Officer will contact you by Mon 11 Jan 2027 to agree a written statement of your complaint');
    expect(appointed).toContain('within 25 working days. While the investigation goes on we will tell you how it is progressing at least every 10 working days.');
    const replaced = render(SAMPLES.filter((n) => n.subject === 'stage2-appointed')[1]!).text;
    expect(replaced).toContain('We have had to change who is looking into your complaint CSC-2026-7KQ3MP at Stage 2.');
    expect(replaced).toContain('- Investigating Officer: Kim Carter (newly appointed).');
    expect(replaced).toContain('- Independent Person: we will tell you their name when they contact you.');
    expect(replaced).toContain('by Wed 17 Feb 2027.');
    const late = render(SAMPLES.filter((n) => n.subject === 'stage2-progress')[1]!).text;
    expect(late).toContain('The reports are being finished.\n\nWe are sorry that our written response is late: it was due by Wed 17 Feb 2027.');
    expect(late).toContain('We will write to you again by Wed 3 Mar 2027');
  });

  it('tells the complainant when and where a meeting is, who they will meet, that they may bring someone, and the arrangements made', () => {
    const meeting = render(SAMPLES.find((n) => n.subject === 'meeting-arranged')!);
    expect(meeting.subject).toBe('Your complaint CSC-2026-7KQ3MP: our meeting with you');
    expect(meeting.text).toContain('We would like to meet you about your complaint CSC-2026-7KQ3MP, to see whether we can resolve your complaint together.');
    expect(meeting.text).toContain('- When: Wed 20 Jan 2027 at 14:30\n- Where: Room 2, Catmose, Oakham');
    expect(meeting.text).toContain('- Sam Adams, Investigating Officer\n- Jo Smith, Service Manager');
    expect(meeting.text).toContain('You may bring an advocate, a friend or a relative with you');
    expect(meeting.text).toContain('We have arranged this for you: A British Sign Language interpreter will be there.');
    const moved = render(SAMPLES.filter((n) => n.subject === 'meeting-arranged')[1]!);
    expect(moved.subject).toBe('Your complaint CSC-2026-7KQ3MP: new date for our meeting with you');
    expect(moved.text).toContain('- Where: online: we will send you a link to join');
  });

  it('asks the complainant for more Stage 2 time with both dates, and tells staff when they decline', () => {
    const asked = render(SAMPLES.find((n) => n.subject === 'extension-request')!);
    expect(asked.subject).toBe('Your complaint CSC-2026-7KQ3MP: can we have more time?');
    expect(asked.text).toContain('10 more working days (weekends and bank holidays don\'t count)');
    expect(asked.text).toContain('Our response is due by Fri 23 Apr 2027. If you agree, the new date will be Mon 10 May 2027. Nothing changes unless you agree');
    const declined = render(SAMPLES.find((n) => n.subject === 'extension-declined')!);
    expect(declined.subject).toBe('Extension not agreed CSC-2026-7KQ3MP: Stage 2 adjudication still due Fri 23 Apr 2027');
  });

  it('offers a child an advocate, before the Ombudsman', () => {
    const letter = render(SAMPLES[0]!, true).body;
    expect(letter).toContain('independent advocate');
    expect(letter.indexOf('independent advocate')).toBeLessThan(letter.indexOf(OMBUDSMAN_DETAILS));
    expect(render(SAMPLES[0]!, false).body).not.toContain('independent advocate');
  });

  it('refuses to send a letter with a placeholder unfilled, naming it', () => {
    const noReasons = { kind: 'letter' as const, subject: 'escalation-refused', detail: { to: 'stage2', ombudsman: OMBUDSMAN_DETAILS } };
    expect(() => render(noReasons)).toThrow(TemplateError);
    expect(() => render(noReasons)).toThrow('template escalation-refused.md needs {{reasons}}, which has no value');
    expect(() => fill('{{a}} and {{b}}', { a: 'x', b: null }, 'test')).toThrow('test needs {{b}}');
    expect(fill('{{#a}}[{{a}}]{{/a}}{{^a}}none{{/a}}', { a: 'x' }, 'test')).toBe('[x]');
    expect(fill('{{#a}}[{{a}}]{{/a}}{{^a}}none{{/a}}', {}, 'test')).toBe('none');
  });

  it('repeats a section once per item of a list, each item\'s values written out, and renders it as one bulleted list', () => {
    const template = 'Before\n\n{{#heads}}- Part {{head}}: {{finding}}{{#due}} by {{due}}{{/due}} ({{reference}})\n{{/heads}}{{^heads}}No parts.{{/heads}}\nAfter';
    const withList = noticeValues(
      { id: 1, kind: 'letter', subject: 'stage1-response', detail: { heads: [{ head: '1', finding: 'upheld', due: '2027-01-06' }, { head: '2a', finding: 'not upheld', due: null }] } },
      context,
    );
    expect(fill(template, withList, 'test')).toBe('Before\n\n- Part 1: upheld by Wed 6 Jan 2027 (CSC-2026-7KQ3MP)\n- Part 2a: not upheld (CSC-2026-7KQ3MP)\n\nAfter');
    expect(fill(template, { heads: [] }, 'test')).toBe('Before\n\nNo parts.\nAfter');
    expect(renderMarkdown(fill(template, withList, 'test'), []).html).toContain('<ul>\n<li>Part 1: upheld by Wed 6 Jan 2027 (CSC-2026-7KQ3MP)</li>\n<li>Part 2a: not upheld (CSC-2026-7KQ3MP)</li>\n</ul>');
    expect(() => fill('{{heads}}', withList, 'test')).toThrow('test uses the list {{heads}} as a value: repeat it with {{#heads}}…{{/heads}}');
    // An item without a value its line needs is refused, naming it: never a letter half-filled.
    expect(() => fill('{{#heads}}{{finding}}{{/heads}}', { heads: [{ head: '1' }] }, 'test')).toThrow('test needs {{finding}}');
  });

  it('reads a council\'s own templates, and refuses a template without its header', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'letters-'));
    try {
      for (const f of ['_signoff.md', '_advocacy.md', '_ombudsman.md']) fs.copyFileSync(path.join('templates/letters', f), path.join(dir, f));
      fs.writeFileSync(path.join(dir, 'case-resumed.md'), '---\nsubject: Back on {{reference}}\naudience: complainant\n---\nHello {{recipientName}}, we are back.\n');
      const own = loadTemplates(dir);
      expect(renderLetter(own, 'case-resumed', noticeValues({ id: 1, kind: 'letter', subject: 'case-resumed', detail: {} }, context), { advocacy: false }).body).toMatch(
        /^Hello Alex Parent, we are back\./,
      );
      fs.writeFileSync(path.join(dir, 'broken.md'), 'no header');
      expect(() => loadTemplates(dir)).toThrow('template broken.md must start with a --- header');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('signs off with the team and how to reach it; with the embedded defaults it reads sensibly', () => {
    const resolved = { kind: 'letter' as const, subject: 'closed-resolved', detail: { ombudsman: OMBUDSMAN_DETAILS } };
    const signOff = (text: string) => text.slice(text.indexOf('Please quote'), text.indexOf('\n\nThe Ombudsman.'));
    expect(signOff(render(resolved).text)).toBe(
      'Please quote CSC-2026-7KQ3MP whenever you contact us. If you have a question, contact the Complaints Team on 01572 722577, ' +
        'email complaints@rutland.example or write to us at Catmose, Catmos Street, Oakham, LE15 6HP.\n\n' +
        'Yours sincerely,\n\nComplaints Team\nRutland County Council',
    );
    // `npm start` with nothing set: the example council, never "Complaints Team / The Council / the Complaints Team".
    const config = loadConfig({});
    const defaults = noticeValues({ id: 1, ...resolved }, {
      ...context,
      councilName: config.COUNCIL_NAME,
      councilContact: config.COUNCIL_COMPLAINTS_CONTACT,
      complaintsPhone: config.COUNCIL_COMPLAINTS_PHONE,
      complaintsEmail: config.COUNCIL_COMPLAINTS_EMAIL,
      complaintsAddress: config.COUNCIL_COMPLAINTS_ADDRESS,
    });
    expect(signOff(renderLetter(set, 'closed-resolved', defaults, { advocacy: false }).text)).toBe(
      'Please quote CSC-2026-7KQ3MP whenever you contact us. If you have a question, contact the Complaints Team on 01632 960000, ' +
        'email complaints@council.example or write to us at 1 Example Street, Exampletown, XX1 1XX.\n\n' +
        'Yours sincerely,\n\nComplaints Team\nThe Council',
    );
  });

  it('renders Markdown as text without marks, as HTML, and in GOV.UK Notify\'s format', () => {
    const letter = render(SAMPLES[0]!);
    expect(letter.body).toContain('Your reference number is **CSC-2026-7KQ3MP**.');
    expect(letter.text).toContain('Your reference number is CSC-2026-7KQ3MP.');
    expect(letter.html).toContain('Your reference number is <strong>CSC-2026-7KQ3MP</strong>.');
    expect(letter.notify).toContain('Your reference number is CSC-2026-7KQ3MP.');
    for (const form of [letter.text, letter.notify]) expect(form).not.toContain('*');

    const source = `# Your complaint ${slot(0)}\n\nWhat happens next:\n\n- we **read** it\n* we write to ${slot(1)}\n\n^ Quote ${slot(0)}\n\nLine one\nline two`;
    const rendered = renderMarkdown(source, ['CSC-1 <b>', '**Alex**\n# not a heading']);
    expect(rendered.text).toBe(
      'Your complaint CSC-1 <b>\n\nWhat happens next:\n\n- we read it\n- we write to **Alex**\n# not a heading\n\n    Quote CSC-1 <b>\n\nLine one\nline two\n',
    );
    expect(rendered.html).toBe(
      '<h1>Your complaint CSC-1 &lt;b&gt;</h1>\n<p>What happens next:</p>\n<ul>\n<li>we <strong>read</strong> it</li>\n' +
        '<li>we write to **Alex**<br>\n# not a heading</li>\n</ul>\n<blockquote>Quote CSC-1 &lt;b&gt;</blockquote>\n<p>Line one<br>\nline two</p>',
    );
    expect(rendered.notify).toBe(
      '# Your complaint CSC-1 <b>\n\nWhat happens next:\n\n* we read it\n* we write to \\**Alex**\n\\# not a heading\n\n^ Quote CSC-1 <b>\n\nLine one\nline two\n',
    );
  });
});
