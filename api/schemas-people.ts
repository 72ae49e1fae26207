import { z } from 'zod';
import { FORMATS } from '../records/communication-needs';
import { REGISTER_PARTS } from '../domain/complaint/independence';

/**
 * Request bodies of the people side: communication needs (Luton 3.3, 13.4,
 * 13.7) and the independence register (BANES 9.3).
 */

export const communicationNeedsSchema = z
  .object({
    format: z.enum(FORMATS).default('standard').describe('The format letters must be sent in.'),
    language: z
      .string()
      .trim()
      .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'a language code (BCP 47), such as pl, ur or pa-Guru')
      .optional()
      .meta({ description: 'The language letters and meetings need, as a code (BCP 47); absent for English.', examples: ['pl'] }),
    interpreter: z.boolean().default(false).describe('An interpreter is needed at meetings and calls.'),
    bsl: z.boolean().default(false).describe('British Sign Language is needed.'),
    arrangements: z
      .string()
      .trim()
      .min(1)
      .max(300)
      .optional()
      .meta({ description: 'Other special arrangements, in short (Luton 13.4).', examples: ['Meetings on the ground floor; no calls before 10:00'] }),
  })
  .strict()
  .meta({
    description: "How letters and meetings must reach the complainant. Personal data: kept in the case file only, never in the workflow.",
    examples: [{ format: 'large-print', language: 'pl', interpreter: true, bsl: false }],
  });

export const registerIdSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9._@-]+$/, 'a staff or contractor id: letters, digits and . _ @ -, such as ip.baker');

export const registerEntrySchema = z
  .object({
    name: z.string().trim().min(1).max(200).meta({ description: 'Their name as letters and papers give it.', examples: ['Pat Baker'] }),
    parts: z
      .array(z.enum(REGISTER_PARTS))
      .min(1)
      .max(4)
      .refine((p) => new Set(p).size === p.length, 'each part once')
      .meta({ description: 'The parts they may take.', examples: [['independent-person']] }),
    organisation: z.string().trim().min(1).max(200).meta({ description: 'Who they work for or through.', examples: ['South West Register of Independent People'] }),
    councilOfficerOrMember: z
      .boolean()
      .describe('Whether they are an officer or elected member of this council (or the partner of one, Luton 16.3): such a person cannot be an Independent Person or sit on a Review Panel.'),
    trainedOn: z.iso.date().optional().meta({ description: 'When their training for the part was last done.', examples: ['2026-05-14'] }),
    dbsCheckedOn: z.iso.date().optional().meta({ description: 'When their DBS check was last done.', examples: ['2025-09-01'] }),
  })
  .strict()
  .meta({
    description: 'An entry of the independence register (BANES 9.3).',
    examples: [{ name: 'Pat Baker', parts: ['independent-person'], organisation: 'South West Register of Independent People', councilOfficerOrMember: false, trainedOn: '2026-05-14' }],
  });
