import { describe, expect, it } from 'vitest';
import { chronologyLine } from '../../api/chronology';
import type { CorrespondenceRecord, EventRecord } from '../../records/types';

/**
 * The words of the steps this release added: a case reopened by a request
 * after closing, a withdrawal after closing, a letter held back for a step
 * logged late, a deferred part, a corrected alert and a letter with no channel.
 */
const AT = '2026-12-03T10:00:00.000Z';
const event = (action: string, detail?: Record<string, unknown>): EventRecord =>
  ({ seq: 1, action, actor: 'officer-1', at: AT, recordedAt: AT, ...(detail ? { detail } : {}) }) as EventRecord;
const letter = (template: string, kind: string, status: string, recipientRole = 'complainant') =>
  ({ reference: 'CSC-2026-7KQ3MP', noticeId: 1, kind, template, channel: 'outbox', recipientRole, subject: 's', status }) as unknown as CorrespondenceRecord;
const words = (entry: Parameters<typeof chronologyLine>[0]) => chronologyLine(entry, ['complaints-manager']);

describe('the chronology in words, for the steps added in this release', () => {
  it('names a reopened case, a withdrawal after closing and a letter held back', () => {
    expect(words({ at: AT, type: 'event', event: event('escalated', { to: 'stage2', reopened: true }) }).label).toBe(
      'Request accepted: the closed case reopens and goes to Stage 2',
    );
    expect(words({ at: AT, type: 'event', event: event('escalated', { to: 'stage2' }) }).label).toBe('Request accepted: the complaint goes to Stage 2');
    expect(words({ at: AT, type: 'event', event: event('withdrawn', { afterClose: true, window: 'stage1.escalate' }) }).label).toBe(
      'Complainant withdrew after closing: the right to ask for the next stage ends',
    );
    const held = words({ at: AT, type: 'event', event: event('letter-not-sent', { letters: 'stage1-acknowledgement,stage1-response', stepAt: AT }) });
    expect(held.label).toBe('Letter not sent: the step was logged after the day it happened (send it with sendLetter)');
    expect(held.details).toEqual(['Letters held back: acknowledgement of the complaint, Stage 1 response']);
  });

  it('names a deferred part, a corrected alert and a letter that has no channel', () => {
    expect(words({ at: AT, type: 'correspondence', correspondence: letter('part-deferred', 'letter', 'queued') }).label).toBe(
      'Letter to the complainant: part of the complaint deferred, and why (queued, not yet sent)',
    );
    expect(words({ at: AT, type: 'correspondence', correspondence: letter('breach-corrected', 'breach-alert', 'sent', 'complaints-manager') }).label).toBe(
      'Correction sent to the complaints manager: an earlier breach alert withdrawn',
    );
    expect(words({ at: AT, type: 'correspondence', correspondence: letter('stage1-acknowledgement', 'letter', 'needs-channel') }).label).toBe(
      'Letter to the complainant: acknowledgement of the complaint (not sent: no email or postal address on file)',
    );
  });

  it('names who was assigned to a case, and in which part', () => {
    expect(words({ at: AT, type: 'event', event: event('assigned', { id: 'ao.a', part: 'adjudicating-officer' }) }).label).toBe('Adjudicating Officer assigned: ao.a');
    expect(words({ at: AT, type: 'event', event: event('unassigned', { id: 'officer-2', part: 'assigned-officer' }) }).label).toBe(
      'Complaints officer no longer assigned: officer-2',
    );
  });

  it('names a missed notice kept on the record when the panel moved', () => {
    expect(words({ at: AT, type: 'event', event: event('deadline-superseded', { deadline: 'stage3.notifyPanel', due: '2027-04-01', by: 'panel-adjourned' }) }).label).toMatch(
      /^.+ missed \(due Thu 1 Apr 2027\), kept on the record: the panel was moved, so it starts again for the new date$/,
    );
  });

  it("names the end of Stage 3: the panel's recommendations sent, and the Director's decision on each", () => {
    const shared = words({ at: AT, type: 'event', event: event('recommendations-shared', { recommendations: 'P1,P2' }) });
    expect(shared.label).toBe("Panel's recommendations sent to the complainant, saying they go to the Director");
    expect(shared.details).toEqual(["Panel's recommendations: P1, P2"]);
    const decided = words({ at: AT, type: 'event', event: event('final-response', { decisions: 'P1:accepted,P-2:accepted-in-part,P3:not-accepted', independentPerson: 'ip-3' }) });
    expect(decided.details).toEqual(["Director's decisions: P1 accepted; P-2 accepted in part; P3 not accepted", 'Considered with the Independent Person: ip-3']);
    expect(words({ at: AT, type: 'event', event: event('final-response') }).details).toEqual([]);
    expect(words({ at: AT, type: 'correspondence', correspondence: letter('panel-recommendations', 'letter', 'sent') }).label).toBe(
      "Letter to the complainant: the Review Panel's recommendations",
    );
  });
});
