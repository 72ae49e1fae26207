import { z } from 'zod';
import { emailSchema } from '../api/schemas';
import type { CommunicationNeeds } from '../records/communication-needs';
import type { PersonInput } from '../records/types';

/**
 * The questions of "make a complaint", one thing per page (GOV.UK question
 * pages), their checks and what the answers become on the case file.
 */
export const WHO = {
  child: { label: 'The child or young person the complaint is about', type: 'child' },
  parent: { label: 'A parent', type: 'parent' },
  carer: { label: 'A foster carer or other carer', type: 'foster-carer' },
  advocate: { label: 'An advocate for the child or young person', type: 'other' },
  representative: { label: 'Someone else acting for the child or young person', type: 'other' },
} as const;
export type Who = keyof typeof WHO;

export const LANGUAGES = { pl: 'Polish', ur: 'Urdu', pa: 'Punjabi', bn: 'Bengali', ar: 'Arabic', ro: 'Romanian', so: 'Somali', pt: 'Portuguese', tr: 'Turkish', cy: 'Welsh' } as const;
export const NEEDS = ['large-print', 'easy-read', 'language', 'bsl', 'helper'] as const;

export interface Answers {
  who?: Who;
  childName?: string;
  summary?: string;
  happenedOn?: { day: string; month: string; year: string };
  outcome?: string;
  name?: string;
  email?: string;
  address?: string;
  phone?: string;
  needs?: Array<(typeof NEEDS)[number]>;
  language?: string;
  helper?: string;
  advocate?: 'yes' | 'no';
}

export type Step = 'who' | 'about' | 'advocate' | 'what' | 'outcome' | 'contact' | 'needs';
export type Flow = 'standard' | 'easy-read';

/** The pages in order for a flow and the answers so far: the advocacy question only for a child or young person (s.26A). */
export function stepsOf(flow: Flow, a: Answers): Step[] {
  if (flow === 'easy-read') return ['what', 'outcome', 'contact', 'needs', 'advocate'];
  return ['who', 'about', ...(a.who === 'child' ? (['advocate'] as const) : []), 'what', 'outcome', 'contact', 'needs'];
}

export interface FieldError {
  field: string;
  /** The field's id the error summary links to (a date's first input, a group's first option). */
  href: string;
  text: string;
}

type Body = Record<string, unknown>;
const text = (b: Body, k: string) => (typeof b[k] === 'string' ? (b[k] as string).trim() : '');
const list = (b: Body, k: string) => (Array.isArray(b[k]) ? (b[k] as unknown[]) : b[k] === undefined ? [] : [b[k]]).filter((v): v is string => typeof v === 'string');

/** The page's answers from a posted form, or what is wrong with them, in GOV.UK's words for each error. */
export function readStep(step: Step, b: Body, a: Answers, today: string, easy: boolean): { answers: Partial<Answers>; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const err = (field: string, message: string, href = field) => errors.push({ field, href: `#${href}`, text: message });
  switch (step) {
    case 'who': {
      const who = text(b, 'who');
      if (!Object.hasOwn(WHO, who)) err('who', 'Select who you are', 'who');
      return { answers: { who: who as Who }, errors };
    }
    case 'about': {
      const childName = text(b, 'childName');
      if (!childName && a.who !== 'child') err('childName', 'Enter the name of the child or young person');
      if (childName.length > 200) err('childName', 'Name must be 200 characters or fewer');
      return { answers: { childName }, errors };
    }
    case 'advocate': {
      const advocate = text(b, 'advocate');
      if (advocate !== 'yes' && advocate !== 'no') err('advocate', easy ? 'Choose yes or no' : 'Select yes if you would like an advocate', 'advocate');
      return { answers: { advocate: advocate as 'yes' | 'no' }, errors };
    }
    case 'what': {
      const summary = text(b, 'summary');
      if (!summary) err('summary', easy ? 'Tell us what happened' : 'Enter what happened');
      if (summary.length > 20_000) err('summary', 'What happened must be 20,000 characters or fewer');
      const happenedOn = { day: text(b, 'happened-day'), month: text(b, 'happened-month'), year: text(b, 'happened-year') };
      const date = happenedOnDate(happenedOn);
      const any = happenedOn.day || happenedOn.month || happenedOn.year;
      if (any && date === undefined) err('happened', 'When it happened must be a real date, like 27 3 2026', 'happened-day');
      else if (date && date > today) err('happened', 'When it happened must be today or in the past', 'happened-day');
      // Never refused for being over 12 months old: triage decides (Luton 5.4, Rutland 8.1; RRC: "a local authority may agree to investigate").
      return { answers: { summary, happenedOn }, errors };
    }
    case 'outcome': {
      const outcome = text(b, 'outcome');
      if (outcome.length > 10_000) err('outcome', 'What would put it right must be 10,000 characters or fewer');
      return { answers: { outcome }, errors };
    }
    case 'contact': {
      const name = text(b, 'name');
      const email = text(b, 'email');
      const address = text(b, 'address');
      const phone = text(b, 'phone');
      if (!name) err('name', easy ? 'Tell us your name' : 'Enter your full name');
      else if (name.length > 200) err('name', 'Name must be 200 characters or fewer');
      if (email && !emailSchema.safeParse(email).success) err('email', 'Enter an email address in the correct format, like name@example.com');
      if (!email && !address) err('email', easy ? 'Tell us your email or your address, so we can write to you' : 'Enter an email address or a postal address');
      if (address.length > 500) err('address', 'Address must be 500 characters or fewer');
      if (phone && (phone.length < 3 || phone.length > 40)) err('phone', 'Enter a phone number, like 01632 960 001');
      return { answers: { name, email, address, phone }, errors };
    }
    case 'needs': {
      const needs = list(b, 'needs').filter((n): n is (typeof NEEDS)[number] => (NEEDS as readonly string[]).includes(n));
      const language = text(b, 'language');
      const helper = text(b, 'helper');
      if (needs.includes('large-print') && needs.includes('easy-read')) err('needs', 'Select large print or easy read, not both', 'needs');
      if (needs.includes('language') && !Object.hasOwn(LANGUAGES, language)) err('language', 'Select a language');
      if (needs.includes('helper') && !helper) err('helper', 'Tell us who will help you, or what help you need');
      if (helper.length > 300) err('helper', 'Help you need must be 300 characters or fewer');
      return { answers: { needs, language, helper }, errors };
    }
  }
}

/** A real date from the three inputs, as YYYY-MM-DD; undefined when it is not one. */
export function happenedOnDate(d: Answers['happenedOn']): string | undefined {
  if (!d || !/^\d{1,2}$/.test(d.day) || !/^\d{1,2}$/.test(d.month) || !/^\d{4}$/.test(d.year)) return undefined;
  const iso = `${d.year}-${d.month.padStart(2, '0')}-${d.day.padStart(2, '0')}`;
  return z.iso.date().safeParse(iso).success && new Date(`${iso}T00:00:00Z`).toISOString().startsWith(iso) ? iso : undefined;
}

/** The first page not yet answered, or undefined when every one is (check your answers). */
export function firstUnanswered(flow: Flow, a: Answers): Step | undefined {
  const answered: Record<Step, boolean> = {
    who: a.who !== undefined,
    about: a.childName !== undefined,
    advocate: a.advocate !== undefined,
    what: a.summary !== undefined,
    outcome: a.outcome !== undefined,
    contact: a.name !== undefined,
    needs: a.needs !== undefined,
  };
  return stepsOf(flow, a).find((s) => !answered[s]);
}

/** The people filed with the case: the complainant and, when someone else complains, the child. */
export function peopleOf(a: Answers): PersonInput[] {
  const who = a.who ?? 'child';
  const complainant: PersonInput = {
    role: 'complainant',
    name: a.name!,
    type: WHO[who].type,
    ...(a.email ? { email: a.email } : {}),
    ...(a.address ? { address: a.address } : {}),
    ...(a.phone ? { phone: a.phone } : {}),
    ...(who === 'advocate' || who === 'representative' ? { relationship: who } : {}),
  };
  const people = [complainant];
  if (who !== 'child' && a.childName) people.push({ role: 'child', name: a.childName });
  return people;
}

/** The needs every letter must carry (Luton 13.4); undefined when there are none. */
export function communicationNeedsOf(a: Answers): CommunicationNeeds | undefined {
  const needs = a.needs ?? [];
  if (needs.length === 0) return undefined;
  return {
    format: needs.includes('large-print') ? 'large-print' : needs.includes('easy-read') ? 'easy-read' : 'standard',
    ...(needs.includes('language') && a.language ? { language: a.language } : {}),
    interpreter: needs.includes('language'),
    bsl: needs.includes('bsl'),
    ...(needs.includes('helper') && a.helper ? { arrangements: `Someone to help: ${a.helper}`.slice(0, 300) } : {}),
  };
}
