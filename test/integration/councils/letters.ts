/**
 * The council-profile cases' letters as the complainant reads them, through
 * the real templates: for each letter in the order sent, the sentences that
 * promise a date, so a test asserts every date the council put in writing.
 */
import { loadTemplates, renderLetter } from '../../../records/letters/templates';
import { noticeValues, templateFor } from '../../../records/letters/values';
import type { Delivered } from '../../helpers/cases';
import { eventually } from '../../helpers/eventually';

const templates = loadTemplates();
const DATE = /\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2} \d{4}\b/;

function text(d: Delivered): string {
  const context = { reference: d.reference, sentAt: new Date(d.scheduledAt), councilName: 'Test Council', councilContact: 'the Complaints Team', recipientName: 'Ms A' };
  return renderLetter(templates, templateFor(d.notice), noticeValues(d.notice, context), { advocacy: false }).text;
}

/** `subject: sentence with a date …` for each letter (not reminders or alerts), in the order written; the letter's own date line left out. */
export async function promisedDates(delivered: Delivered[], letters: number): Promise<string[]> {
  const sent = await eventually(
    async () => delivered.filter((d) => d.notice.kind === 'letter').sort((a, b) => a.notice.id - b.notice.id),
    (l) => l.length >= letters,
  );
  return sent.map((d) => {
    const sentences = text(d)
      .split('\n')
      .filter((line) => !/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2} \d{4}$/.test(line.trim()))
      .flatMap((line) => line.split(/(?<=\.)\s+/))
      .filter((sentence) => DATE.test(sentence));
    return sentences.length > 0 ? `${d.notice.subject}: ${sentences.join(' ')}` : d.notice.subject;
  });
}

/** The notices that are not letters: reminders and breach alerts, as `kind subject due`. */
export function staffNotices(delivered: Delivered[], kind: 'reminder' | 'breach-alert'): string[] {
  return delivered.filter((d) => d.notice.kind === kind).map((d) => `${d.notice.subject} ${String(d.notice.detail.due)}`);
}
