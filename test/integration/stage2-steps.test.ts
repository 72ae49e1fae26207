import { describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { POLICY_PROFILES } from '../../domain/policy';
import { loadTemplates, renderLetter } from '../../records/letters/templates';
import { noticeValues, templateFor } from '../../records/letters/values';
import { clock, IO, IP, openCase, recordingSink, refusedAt, runAt, sleepUntil, view, type Delivered } from '../helpers/cases';
import { eventually } from '../helpers/eventually';
import { expectOneAlert, noticesOf, provePastDue } from '../helpers/past-due';
import { scenario } from '../helpers/time-skipping';

// The Stage 2 appointment letter, progress updates (RRC guidance) and meetings (Luton 13.3-13.4, Rutland 10.1).
const templates = loadTemplates();

/** A letter as the complainant reads it (plain text), through the real templates. */
function text(d: Delivered): string {
  const context = { reference: d.reference, sentAt: new Date(d.scheduledAt), councilName: 'Test Council', councilContact: 'the Complaints Team', recipientName: 'Ms A' };
  return renderLetter(templates, templateFor(d.notice), noticeValues(d.notice, context), { advocacy: false }).text;
}

/** The `n`-th letter (1-based) with `subject`, once delivered. */
async function letter(delivered: Delivered[], subject: string, n = 1): Promise<Delivered> {
  const found = await eventually(async () => delivered.filter((d) => d.notice.subject === subject), (l) => l.length >= n);
  return found[n - 1]!;
}

describe('Stage 2: who is appointed, progress updates, meetings (time-skipping)', () => {
  it('writes who the investigators are and what happens next, with the dates; a replacement writes again naming the new person', async () => {
    const { sink, delivered } = recordingSink();
    const s = await scenario('2027-01-04T09:05:00Z', { activities: createActivities({ notices: sink }) });
    await s.run(async () => {
      const h = await openCase(s, { reference: 'CSC-2027-S2S001', receivedAt: '2027-01-04T09:00:00Z', policy: POLICY_PROFILES.luton!, team: 'Children in Care' });
      await runAt(s, h, '2027-01-04T10:00:00Z', 'triage', { decision: 'stage2' });
      await runAt(s, h, '2027-01-05T10:00:00Z', 'acknowledge', {});
      const appointed = await runAt(s, h, '2027-01-06T10:00:00Z', 'appoint-investigators', {
        investigatingOfficer: { ...IO, name: 'Sam Adams' },
        independentPerson: { ...IP, name: 'Robin Baker' },
      });
      // Luton 14.1: contact within 5 WD of appointment, Wed 6 Jan → 7 8 11 12 13 → Wed 13 Jan.
      expect(clock(appointed, 'stage2.contact').due).toBe('2027-01-13');
      expect(appointed.stage2).toMatchObject({ investigatingOfficer: { id: 'io-7', name: 'Sam Adams' }, independentPerson: { id: 'ip-3', name: 'Robin Baker' } });
      const first = text(await letter(delivered, 'stage2-appointed'));
      expect(first).toContain('We have appointed two people to look into your complaint CSC-2027-S2S001 at Stage 2.');
      expect(first).toContain('- Investigating Officer: Sam Adams. They have had nothing to do with the service you complained about.');
      expect(first).toContain('- Independent Person: Robin Baker. They do not work for Test Council. Their job is to make sure the investigation is fair, thorough and open');
      expect(first).toContain('The Investigating Officer will contact you by Wed 13 Jan 2027 to agree a written statement of your complaint and the outcome you want.');
      // Luton 14.7: the 25 WD run from the statement, not yet agreed; updates every 10 WD (the policy's stage2.progress).
      expect(first).toContain('Once the statement is agreed, you will receive the adjudication, our written response to the investigation, within 25 working days.');
      expect(first).toContain('we will tell you how it is progressing at least every 10 working days.');

      // The IO leaves: a new one, the IP stays; the contact clock keeps its date.
      await runAt(s, h, '2027-01-08T10:00:00Z', 'appoint-investigators', {
        investigatingOfficer: { id: 'io-9', team: 'Independent Reviews', name: 'Kim Carter' },
        independentPerson: { ...IP, name: 'Robin Baker' },
        replacementReason: 'The first Investigating Officer left the service',
      });
      const second = text(await letter(delivered, 'stage2-appointed', 2));
      expect(second).toContain('We have had to change who is looking into your complaint CSC-2027-S2S001 at Stage 2. This does not change any of the dates we have given you.');
      expect(second).toContain('- Investigating Officer: Kim Carter (newly appointed).');
      expect(second).toContain('- Independent Person: Robin Baker. They do not work');
      expect(second).toContain('The Investigating Officer will contact you by Wed 13 Jan 2027');
      expect(delivered.filter((d) => d.notice.kind === 'letter').map((d) => d.notice.subject)).toEqual(['stage2-acknowledgement', 'stage2-appointed', 'stage2-appointed']);
    });
  });

  it('owes a progress update every 10 WD from the agreed statement, met and restarted by each update, across Easter and a hold; missed once to the IO; ended by the adjudication', async () => {
    const { sink, delivered } = recordingSink();
    const s = await scenario('2027-03-01T09:05:00Z', { activities: createActivities({ notices: sink }) });
    await s.run(async () => {
      const h = await openCase(s, { reference: 'CSC-2027-S2S002', receivedAt: '2027-03-01T09:00:00Z', team: 'Fostering' });
      await runAt(s, h, '2027-03-01T10:00:00Z', 'triage', { decision: 'stage2' });
      await runAt(s, h, '2027-03-02T10:00:00Z', 'acknowledge', {});
      const appointed = await runAt(s, h, '2027-03-03T10:00:00Z', 'appoint-investigators', { investigatingOfficer: IO, independentPerson: IP });
      // Not before the investigation begins: the clock starts with the agreed statement (Luton 14.7).
      expect(appointed.deadlines.map((d) => d.key)).not.toContain('stage2.progress');
      expect(await refusedAt(s, h, '2027-03-03T11:00:00Z', 'progress-update', { progress: 'x' })).toBe(
        'the investigation has not begun: progress updates run from the agreement of the statement of complaint',
      );
      const agreed = await runAt(s, h, '2027-03-04T10:00:00Z', 'agree-statement', {});
      // Thu 4 Mar: 10 WD → 5 | 8-12 | 15-18 → Thu 18 Mar; the response 25 WD over Easter → Mon 12 Apr.
      expect(clock(agreed, 'stage2.progress')).toMatchObject({
        due: '2027-03-18',
        state: 'pending',
        explanation: 'statement of complaint agreed Thu 4 Mar 2027; 10 working days → Thu 18 Mar 2027',
      });
      expect(clock(agreed, 'stage2.respond').due).toBe('2027-04-12');

      // An update on Tue 16 Mar meets it and starts it again: 17-19 | 22-25 | [Good Friday, Easter Monday] 30 31 Apr 1 → Thu 1 Apr.
      const updated = await runAt(s, h, '2027-03-16T10:00:00Z', 'progress-update', { progress: 'The Investigating Officer has read the records and is meeting the staff involved.' });
      expect(clock(updated, 'stage2.progress')).toMatchObject({
        due: '2027-04-01',
        state: 'pending',
        explanation: 'progress update sent Tue 16 Mar 2027; 10 working days, skipping 26 Mar (Good Friday), 29 Mar (Easter Monday) → Thu 1 Apr 2027',
      });
      expect(updated.events.at(-1)).toMatchObject({ action: 'progress-updated', detail: { due: '2027-03-18', onTime: true, nextDue: '2027-04-01' } });
      const update = text(await letter(delivered, 'stage2-progress'));
      expect(update).toContain('Here is an update on the Stage 2 investigation of your complaint CSC-2027-S2S002.\n\nThe Investigating Officer has read the records and is meeting the staff involved.');
      expect(update).toContain(
        'You will receive the adjudication, our written response to the investigation, by Mon 12 Apr 2027. We will write to you again by Thu 1 Apr 2027 if you have not heard from us before then.',
      );

      // A safeguarding hold on Mon 22 Mar pauses it with 6 WD left (23-25, 30, 31, 1 Apr); released Tue 6 Apr → 7-9 | 12-14 → Wed 14 Apr.
      const held = await runAt(s, h, '2027-03-22T10:00:00Z', 'hold', { reason: 'safeguarding' });
      expect(clock(held, 'stage2.progress')).toMatchObject({ state: 'paused', due: '2027-04-01' });
      expect(await refusedAt(s, h, '2027-03-23T10:00:00Z', 'progress-update', { progress: 'x' })).toMatch(/^the case is on hold \(safeguarding\)/);
      const released = await runAt(s, h, '2027-04-06T10:00:00Z', 'release-hold', {});
      expect(clock(released, 'stage2.progress')).toMatchObject({
        due: '2027-04-14',
        state: 'pending',
        explanation:
          'progress update sent Tue 16 Mar 2027; 10 working days, skipping 26 Mar (Good Friday), 29 Mar (Easter Monday) → Thu 1 Apr 2027; ' +
          'paused on Mon 22 Mar 2027 (safeguarding hold) with 6 working days left; resumed on Tue 6 Apr 2027 → Wed 14 Apr 2027',
      });
      expect(clock(released, 'stage2.respond').due).toBe('2027-04-23');

      // No update by Wed 14 Apr. Reminders to the IO (RESPONSIBLE): from Thu 4 Mar, 50% → 5th WD Thu 11 Mar, 2 WD before and 75%
      // → Tue 16 Mar; from the resumption Tue 6 Apr (6 WD left), 50% → 3rd WD Fri 9 Apr, 2 before → Mon 12 Apr, 75% → 5th, Tue 13 Apr
      // (BST: 09:00 London is 08:00 UTC). The reminders of the clock started on 16 Mar fell inside the hold. One alert, to the IO.
      await provePastDue(s, h, delivered, {
        key: 'stage2.progress',
        due: '2027-04-14',
        to: 'investigating-officer',
        alertTo: 'investigating-officer',
        reminders: [
          ['2027-03-11T09:00', '50% of the time elapsed'],
          ['2027-03-16T09:00', '2 working days before the due date Thu 18 Mar 2027; 75% of the time elapsed'],
          ['2027-04-09T08:00', '50% of the time elapsed'],
          ['2027-04-12T08:00', '2 working days before the due date Wed 14 Apr 2027'],
          ['2027-04-13T08:00', '75% of the time elapsed'],
        ],
      });

      // The update comes a day late: missed stays on the record; the next is due 10 WD later, Thu 15 Apr → 16 | 19-23 | 26-29 → Thu 29 Apr.
      const late = await runAt(s, h, '2027-04-15T10:00:00Z', 'progress-update', { progress: 'The reports are being written.' });
      expect(clock(late, 'stage2.progress')).toMatchObject({ due: '2027-04-29', state: 'pending' });
      expect(late.overdue).toBeNull();
      expect(late.events.slice(-2)).toMatchObject([
        { action: 'deadline-superseded', actor: 'system', detail: { deadline: 'stage2.progress', due: '2027-04-14', by: 'progress-update' } },
        { action: 'progress-updated', detail: { due: '2027-04-14', onTime: false, nextDue: '2027-04-29' } },
      ]);
      expect(text(await letter(delivered, 'stage2-progress', 2))).toContain('by Fri 23 Apr 2027. We will write to you again by Thu 29 Apr 2027');

      // An extension of the response, agreed with the complainant, is itself an update: its letter gives the new date and why.
      // Tue 20 Apr → 21-23 | 26-30 | [3 May, Early May bank holiday] 4 5 → Wed 5 May.
      const extended = await runAt(s, h, '2027-04-20T10:00:00Z', 'extend', { deadline: 'stage2.respond', workingDays: 10, reason: 'A witness is away', complainantAgreed: true });
      expect(clock(extended, 'stage2.progress')).toMatchObject({
        due: '2027-05-05',
        explanation: 'Stage 2 response date extended Tue 20 Apr 2027; 10 working days, skipping 3 May (Early May bank holiday) → Wed 5 May 2027',
      });

      // The adjudication ends the investigation and its updates.
      await runAt(s, h, '2027-04-27T10:00:00Z', 'submit-reports', { reports: ['investigating-officer', 'independent-person'] });
      const adjudicated = await runAt(s, h, '2027-04-28T10:00:00Z', 'adjudicate', {});
      expect(clock(adjudicated, 'stage2.progress')).toMatchObject({ state: 'cancelled', due: '2027-05-05' });
      expect(await refusedAt(s, h, '2027-04-29T10:00:00Z', 'progress-update', { progress: 'x' })).toBe('the investigation is over: it was adjudicated at 2027-04-28T10:00:00.000Z');
      await sleepUntil(s, '2027-05-12T10:00:00Z');
      expectOneAlert(delivered, 'stage2.progress', '2027-04-14', 'CSC-2027-S2S002', 'investigating-officer');
      // One more reminder, of the clock the extension started: 50% of Tue 20 Apr → Wed 5 May is its 5th WD, Tue 27 Apr; none after the adjudication.
      expect(noticesOf(delivered, 'reminder', 'stage2.progress').slice(5)).toEqual([['2027-04-27T08:00', 'investigating-officer', '50% of the time elapsed']]);
      expect((await view(h)).overdue).toBeNull();
    });
  });

  it('arranges meetings in writing (when, where, who, the right to bring someone, the arrangements), lists them on the case and refuses bad ones', async () => {
    const { sink, delivered } = recordingSink();
    const s = await scenario('2027-01-04T09:05:00Z', { activities: createActivities({ notices: sink }) });
    await s.run(async () => {
      const h = await openCase(s, { reference: 'CSC-2027-S2S003', receivedAt: '2027-01-04T09:00:00Z', team: 'Children in Care' });
      await runAt(s, h, '2027-01-04T10:00:00Z', 'triage', { decision: 'stage2' });
      await runAt(s, h, '2027-01-05T10:00:00Z', 'acknowledge', {});
      await runAt(s, h, '2027-01-05T11:00:00Z', 'appoint-investigators', { investigatingOfficer: IO, independentPerson: IP });
      const meeting = {
        meetingId: 'M1',
        purpose: 'stage2-investigation' as const,
        date: '2027-01-12',
        time: '14:30',
        attendees: [
          { role: 'investigating-officer' as const, name: 'Sam Adams' },
          { role: 'independent-person' as const, name: 'Robin Baker' },
        ],
        venue: 'Room 2, Catmose, Oakham',
        specialArrangements: 'A British Sign Language interpreter will be there.',
      };
      // Refused: a time already gone, a Saturday the complainant did not ask for, a panel meeting at Stage 2.
      expect(await refusedAt(s, h, '2027-01-06T10:00:00Z', 'arrange-meeting', { ...meeting, date: '2027-01-06', time: '09:30' })).toBe(
        'the meeting must be in the future: Wed 6 Jan 2027 at 09:30 has passed (it is now Wed 6 Jan 2027 10:00, London)',
      );
      expect(await refusedAt(s, h, '2027-01-06T10:00:00Z', 'arrange-meeting', { ...meeting, date: '2027-01-09' })).toBe(
        'Sat 9 Jan 2027 is not a working day (Saturday): choose a working day, or set complainantAskedForDay if the complainant asked for it',
      );
      expect(await refusedAt(s, h, '2027-01-06T10:00:00Z', 'arrange-meeting', { ...meeting, purpose: 'panel-preparation' })).toBe('the case is at stage2, not stage3');

      const arranged = await runAt(s, h, '2027-01-06T10:00:00Z', 'arrange-meeting', meeting);
      expect(arranged.meetings).toEqual([
        {
          meetingId: 'M1',
          purpose: 'stage2-investigation',
          startsAt: '2027-01-12T14:30:00.000Z',
          attendees: meeting.attendees,
          venue: 'Room 2, Catmose, Oakham',
          specialArrangements: 'A British Sign Language interpreter will be there.',
          state: 'arranged',
          arrangedAt: '2027-01-06T10:00:00.000Z',
          rearranged: 0,
        },
      ]);
      const invited = await letter(delivered, 'meeting-arranged');
      const invitation = text(invited);
      expect(invitation).toContain('We would like to meet you about your complaint CSC-2027-S2S003, to talk with you about your complaint as part of the Stage 2 investigation.');
      expect(invitation).toContain('- When: Tue 12 Jan 2027 at 14:30\n- Where: Room 2, Catmose, Oakham');
      expect(invitation).toContain('Who you will meet:\n\n- Sam Adams, Investigating Officer\n- Robin Baker, Independent Person');
      expect(invitation).toContain('You may bring an advocate, a friend or a relative with you, to support you or to speak for you.');
      expect(invitation).toContain('We have arranged this for you: A British Sign Language interpreter will be there. If you need anything else to take part');
      expect(await refusedAt(s, h, '2027-01-06T11:00:00Z', 'arrange-meeting', meeting)).toBe(
        'meeting M1 is already on this case (arranged, 2027-01-12T14:30:00.000Z): give a new meetingId, or record-meeting to rearrange it',
      );

      // Moved to a Saturday the complainant asked for (10:00 London in January is 10:00 UTC); an unknown meeting is refused by name.
      expect(await refusedAt(s, h, '2027-01-07T10:00:00Z', 'record-meeting', { meetingId: 'M9', outcome: 'held' })).toBe('no meeting M9 on this case (its meetings: M1)');
      expect(await refusedAt(s, h, '2027-01-07T10:00:00Z', 'record-meeting', { meetingId: 'M1', outcome: 'held' })).toBe(
        'meeting M1 starts at 2027-01-12T14:30:00.000Z: it cannot be recorded as held before then',
      );
      expect(await refusedAt(s, h, '2027-01-07T10:00:00Z', 'record-meeting', { meetingId: 'M1', outcome: 'rearranged' })).toBe(
        'a rearranged meeting needs rearrangedTo (its new date and time), and only a rearranged one has it',
      );
      const moved = await runAt(s, h, '2027-01-07T10:00:00Z', 'record-meeting', {
        meetingId: 'M1',
        outcome: 'rearranged',
        rearrangedTo: { date: '2027-01-16', time: '10:00', complainantAskedForDay: true },
        summary: 'The complainant works weekdays',
      });
      expect(moved.meetings[0]).toMatchObject({ startsAt: '2027-01-16T10:00:00.000Z', state: 'arranged', rearranged: 1 });
      const rearranged = await letter(delivered, 'meeting-arranged', 2);
      expect(text(rearranged)).toContain('We have had to move our meeting with you about your complaint CSC-2027-S2S003. The new date and time are below.');
      expect(text(rearranged)).toContain('- When: Sat 16 Jan 2027 at 10:00');
      const held = await runAt(s, h, '2027-01-16T12:00:00Z', 'record-meeting', { meetingId: 'M1', outcome: 'held', summary: 'Agreed the statement' });
      expect(held.meetings[0]).toMatchObject({ state: 'held', outcomeAt: '2027-01-16T12:00:00.000Z', summary: 'Agreed the statement' });
      expect(await refusedAt(s, h, '2027-01-16T13:00:00Z', 'record-meeting', { meetingId: 'M1', outcome: 'cancelled' })).toBe(
        'meeting M1 was already recorded as held at 2027-01-16T12:00:00.000Z',
      );

      // Rutland 10.1: the investigation suspended for early resolution, and a resolution meeting for it, online, in summer time (BST).
      await runAt(s, h, '2027-01-18T10:00:00Z', 'agree-statement', {});
      await runAt(s, h, '2027-01-19T10:00:00Z', 'suspend-for-resolution', {});
      const resolution = await runAt(s, h, '2027-01-19T11:00:00Z', 'arrange-meeting', {
        meetingId: 'R1',
        purpose: 'resolution',
        date: '2027-04-06',
        time: '09:30',
        attendees: [{ role: 'service-manager', name: 'Jo Smith' }],
        venue: 'online',
      });
      expect(resolution.meetings.map((m) => [m.meetingId, m.purpose, m.startsAt, m.state])).toEqual([
        ['M1', 'stage2-investigation', '2027-01-16T10:00:00.000Z', 'held'],
        ['R1', 'resolution', '2027-04-06T08:30:00.000Z', 'arranged'],
      ]);
      const online = text(await letter(delivered, 'meeting-arranged', 3));
      expect(online).toContain('to see whether we can resolve your complaint together.');
      expect(online).toContain('- When: Tue 6 Apr 2027 at 09:30\n- Where: online: we will send you a link to join');
      expect(online).toContain('- Jo Smith, Service Manager');
      expect(online).toContain('If you need anything to take part');
    });
  });
});
