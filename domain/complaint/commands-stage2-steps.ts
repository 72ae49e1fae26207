import { z } from 'zod';
import { lazy } from '../lazy';
import type { stepSchema as StepSchema } from './commands';

/**
 * Inputs of the steps that keep the complainant informed while Stage 2 runs
 * (RRC guidance: "You will be kept informed of progress") and of meetings
 * with the complainant (Luton 13.3-13.4; Rutland 10.1, the resolution
 * meeting). Spread into COMMAND_SCHEMAS (commands.ts), which passes its
 * stepSchema in: a value import back from commands.ts would be a cycle.
 */

const isoDate = lazy(() => z.iso.date());
const meetingId = lazy(() =>
  z
    .string()
    .trim()
    .min(1)
    .max(40)
    .regex(/^[A-Za-z0-9.-]+$/, 'a meeting id: letters, digits, . and -, such as M1')
    .meta({ description: "The meeting's id on this case, chosen by staff.", examples: ['M1'] }),
);

/** A staff member's or contractor's name as a letter shows it: never the child's. */
export const displayName = lazy(() =>
  z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[\p{L}\p{M}\p{N} .'’()-]+$/u, 'a name as a letter shows it: letters, spaces and . \' ( ) -')
    .meta({ description: "A member of staff's or a contractor's name as letters show it (never the child's).", examples: ['Sam Adams'] }),
);

const londonTime = lazy(() =>
  z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day in London, HH:MM (24-hour), such as 14:30')
    .meta({ description: 'The time of day, London, HH:MM (24-hour).', examples: ['14:30'] }),
);

export const MEETING_PURPOSES = ['clarify', 'stage2-investigation', 'resolution', 'panel-preparation', 'other'] as const;
export const ATTENDEE_ROLES = [
  'complaints-officer',
  'complaints-manager',
  'service-manager',
  'investigating-officer',
  'independent-person',
  'adjudicating-officer',
  'advocate',
  'other',
] as const;

const when = lazy(() => ({
  date: isoDate().meta({ description: "The meeting's date (London).", examples: ['2027-01-20'] }),
  time: londonTime(),
  complainantAskedForDay: z
    .boolean()
    .optional()
    .describe('The complainant asked for this day: only then may a meeting fall on a weekend or bank holiday.'),
}));

export const MEETING_OUTCOMES = ['held', 'cancelled', 'rearranged'] as const;

/** The schemas by command name, built on the common step schema. */
export function stage2StepSchemas(stepSchema: ReturnType<typeof StepSchema>) {
  const progressUpdateSchema = stepSchema.extend({
    progress: z
      .string()
      .trim()
      .min(1)
      .max(2_000)
      .meta({ description: 'What the investigation is doing now, in plain words, as told to the complainant in the letter.', examples: ['The Investigating Officer has read the records and is meeting the staff involved this week.'] }),
  });

  const arrangeMeetingSchema = stepSchema.extend({
    meetingId: meetingId(),
    purpose: z.enum(MEETING_PURPOSES).describe('Why the meeting is held: to clarify the complaint, for the Stage 2 investigation, a resolution meeting (Rutland 10.1), to prepare for the panel, or other.'),
    ...when(),
    attendees: z
      .array(z.object({ role: z.enum(ATTENDEE_ROLES), name: displayName() }))
      .min(1)
      .max(10)
      .describe('Who will meet the complainant (Luton 13.4: they are told beforehand): staff by role and name.'),
    venue: z
      .string()
      .trim()
      .min(1)
      .max(300)
      .meta({ description: 'Where: an address or place, or "online".', examples: ['Room 2, Catmose, Oakham', 'online'] }),
    specialArrangements: z
      .string()
      .trim()
      .min(1)
      .max(1_000)
      .optional()
      .meta({ description: 'Special arrangements agreed for the meeting (Luton 13.4), as told to the complainant.', examples: ['A British Sign Language interpreter will be there.'] }),
  });

  const recordMeetingSchema = stepSchema.extend({
    meetingId: meetingId(),
    outcome: z.enum(MEETING_OUTCOMES).describe('What became of the meeting: held, cancelled, or moved to a new date and time (rearranged, with rearrangedTo).'),
    summary: z.string().trim().min(1).max(500).optional().meta({ description: 'A short note of the outcome (staff only).', examples: ['Agreed the three parts of the complaint'] }),
    // A cross-field refine would stop the API omitting `actor` (zod): the plan refuses a mismatch instead.
    rearrangedTo: z.object(when()).optional().describe('The new date and time (London): required for rearranged, and only then.'),
  });

  return {
    'progress-update': progressUpdateSchema.meta({
      description:
        'Records a progress update on the Stage 2 investigation and writes it to the complainant with the current response date: the progress clock (stage2.progress) is met and starts again.',
      examples: [{ progress: 'The Investigating Officer has read the records and is meeting the staff involved this week.' }],
    }),
    'arrange-meeting': arrangeMeetingSchema.meta({
      description:
        'Arranges a meeting with the complainant and writes to them: when, where, who will attend, their right to bring an advocate, friend or relative, and any special arrangements.',
      examples: [
        {
          meetingId: 'M1',
          purpose: 'stage2-investigation',
          date: '2027-01-20',
          time: '14:30',
          attendees: [{ role: 'investigating-officer', name: 'Sam Adams' }],
          venue: 'online',
        },
      ],
    }),
    'record-meeting': recordMeetingSchema.meta({
      description: 'Records what became of an arranged meeting: held, cancelled, or rearranged (a new letter gives the new date and time).',
      examples: [{ meetingId: 'M1', outcome: 'held', summary: 'Agreed the three parts of the complaint' }],
    }),
  } as const;
}
