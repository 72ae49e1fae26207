import { ROLES, type Role } from './roles';

/**
 * Who may see and do what on a case: the one rule, as data. Pure, so the API
 * (every read and command), the records store's listing filter and the
 * README's table all come from here.
 *
 * A role reaches a case in one of a few ways (`reach`): every case (the
 * complaints manager, the Director, the auditor), the case's team (the
 * `teams` claim of a complaints officer or a service manager), or a part in
 * the case recorded by id (an assigned officer, the investigators, the
 * adjudicating officer, the panel). A caller who reaches a case reads the
 * views of the roles that reach it, and sends a command when one of those
 * roles is in the command's row (domain/<kind>/table.ts). A case the caller
 * does not reach is not disclosed: the API answers 404.
 *
 * Data minimisation (UK GDPR Art. 5(1)(c)): the auditor sees dates, states
 * and counts only; the people appointed from outside the team see the case
 * and its chronology, not its correspondence, unless their part needs it.
 */

/** A person's part in one case, recorded by id: the token's subject must match it. */
export const PARTS = ['assigned-officer', 'investigating-officer', 'independent-person', 'adjudicating-officer', 'panel-chair', 'panel-member'] as const;
export type Part = (typeof PARTS)[number];

export interface CaseParty {
  id: string;
  part: Part;
}

/** What the rule needs to know of a case: the service complained about and who has a part in it. */
export interface CaseAccessFacts {
  team: string | null;
  parties: readonly CaseParty[];
}

/** The caller, as its token says: subject, roles and the teams it works for (claim `teams`). */
export interface Principal {
  subject: string;
  roles: readonly Role[];
  teams: readonly string[];
}

/**
 * What may be read of a case.
 * - `summary`: dates, states, deadlines and counts; no names, contact details or free text.
 * - `case`: the case view with the people, the complaint's text and the staff's notes.
 * - `correspondence`: the letters and alerts as sent.
 * - `chronology`: every step and letter in order (the Ombudsman's chronology).
 * - `actions`: the actions agreed on the case and their evidence.
 * - `equalities`: the complainant's and the child's equalities monitoring answers
 *   (special category data, UK GDPR Art. 9; BANES 3.9): the complaints manager
 *   alone, who answers for the monitoring; everyone else sees it in the annual
 *   report's suppressed aggregate only.
 */
export const VIEWS = ['summary', 'case', 'correspondence', 'chronology', 'actions', 'equalities'] as const;
export type View = (typeof VIEWS)[number];

/** How a role reaches a case. */
export type Reach = 'every-case' | 'team' | Part;

export interface AccessRow {
  reach: readonly Reach[];
  views: readonly View[];
}

const ALL_VIEWS = VIEWS;
const CASEWORK: readonly View[] = ['summary', 'case', 'correspondence', 'chronology', 'actions'];

/** Role × how it reaches the case → what it reads. What it does is the command tables' `roles`, limited to the cases it reaches. */
export const ACCESS_TABLE: { readonly [R in Role]: AccessRow } = {
  'complaints-manager': { reach: ['every-case'], views: ALL_VIEWS },
  director: { reach: ['every-case'], views: CASEWORK },
  auditor: { reach: ['every-case'], views: ['summary'] },
  'complaints-officer': { reach: ['team', 'assigned-officer'], views: CASEWORK },
  'service-manager': { reach: ['team'], views: CASEWORK },
  'investigating-officer': { reach: ['investigating-officer'], views: ['summary', 'case', 'correspondence', 'chronology'] },
  'independent-person': { reach: ['independent-person'], views: ['summary', 'case', 'chronology'] },
  'adjudicating-officer': { reach: ['adjudicating-officer'], views: CASEWORK },
  'panel-chair': { reach: ['panel-chair'], views: ['summary', 'case', 'chronology', 'actions'] },
  'panel-member': { reach: ['panel-member'], views: ['summary', 'case', 'chronology'] },
};

/** The caller's roles that reach this case. */
export function rolesReaching(principal: Principal, facts: CaseAccessFacts): Role[] {
  return principal.roles.filter((role) =>
    ACCESS_TABLE[role].reach.some((reach) => {
      if (reach === 'every-case') return true;
      if (reach === 'team') return facts.team !== null && principal.teams.includes(facts.team);
      return facts.parties.some((p) => p.part === reach && p.id === principal.subject);
    }),
  );
}

/** What the caller may read of this case; empty when the case is not theirs to know of. */
export function viewsOf(principal: Principal, facts: CaseAccessFacts): Set<View> {
  return new Set(rolesReaching(principal, facts).flatMap((role) => ACCESS_TABLE[role].views));
}

export type CommandDecision =
  | { allowed: true; as: Role[] }
  /** 404: the caller does not reach the case, so is not told it exists. 403: reaches it, but not for this. */
  | { allowed: false; status: 404 | 403; detail: string };

/**
 * Whether the caller may send a command (its row's `roles`) on this case:
 * only through a role that reaches the case. `as` is the roles it acts in,
 * for the limits of a part (`partLimit`).
 */
export function decideCommand(principal: Principal, facts: CaseAccessFacts, rowRoles: readonly Role[], what: string): CommandDecision {
  const reaching = rolesReaching(principal, facts);
  if (reaching.length === 0) return { allowed: false, status: 404, detail: 'not found' };
  const as = reaching.filter((role) => rowRoles.includes(role));
  if (as.length > 0) return { allowed: true, as };
  const heldElsewhere = principal.roles.filter((role) => rowRoles.includes(role));
  return {
    allowed: false,
    status: 403,
    detail:
      heldElsewhere.length > 0
        ? `${what} needs one of the roles ${rowRoles.join(', ')} in this case; you hold ${heldElsewhere.join(', ')} but are not appointed to it in that part`
        : `${what} needs one of the roles: ${rowRoles.join(', ')}`,
  };
}

/**
 * The limits of a part on what its command may say: a person appointed in
 * one part acts only for that part (an Independent Person cannot submit the
 * Investigating Officer's report). Returns why the input oversteps, or null.
 * The complaints team (acting as itself) is not limited.
 */
export function partLimit(command: string, as: readonly Role[], input: Record<string, unknown>): string | null {
  if (as.includes('complaints-officer') || as.includes('complaints-manager')) return null;
  if (command === 'submit-reports' && Array.isArray(input.reports)) {
    const own = as.filter((role): role is 'investigating-officer' | 'independent-person' => role === 'investigating-officer' || role === 'independent-person');
    const others = (input.reports as string[]).filter((report) => !own.includes(report as (typeof own)[number]));
    if (others.length > 0) return `you may submit only your own report (${own.join(', ')}), not: ${others.join(', ')}`;
  }
  // The Adjudicating Officer decides Stage 2 (Luton 17.1), the panel Stage 3 (Luton 19.9): findings for their own stage only.
  if (command === 'record-findings' && typeof input.stage === 'string') {
    const own = FINDINGS_STAGE.filter(([role]) => as.includes(role)).map(([, stage]) => stage);
    if (!own.includes(input.stage)) return `you may record findings only for ${own.join(', ') || 'no stage'}, not ${input.stage}`;
  }
  return null;
}

const FINDINGS_STAGE: ReadonlyArray<readonly [Role, string]> = [
  ['adjudicating-officer', 'stage2'],
  ['panel-chair', 'stage3'],
];

/**
 * The listing's filter for a caller, from the same table: every case, or the
 * cases of its teams, or those where its subject has one of these parts. The
 * records store turns it into SQL (records/cases.ts).
 */
export interface ListingScope {
  everyCase: boolean;
  teams: readonly string[];
  subject: string;
  parts: readonly Part[];
}

export function listingScope(principal: Principal): ListingScope {
  const reach = new Set(principal.roles.flatMap((role) => ACCESS_TABLE[role].reach));
  return {
    everyCase: reach.has('every-case'),
    teams: reach.has('team') ? principal.teams : [],
    subject: principal.subject,
    parts: PARTS.filter((part) => reach.has(part)),
  };
}

/** The table as the README shows it (a test checks the README has it). */
export function accessTableMarkdown(): string {
  const reachWords: Record<Reach, string> = {
    'every-case': 'every case',
    team: "cases of a team in the token's `teams`",
    'assigned-officer': 'cases assigned to them',
    'investigating-officer': 'cases where they are the Investigating Officer',
    'independent-person': 'cases where they are the Independent Person',
    'adjudicating-officer': 'cases where they are the Adjudicating Officer',
    'panel-chair': 'cases whose Review Panel they chair',
    'panel-member': 'cases whose Review Panel they sit on',
  };
  const rows = ROLES.map((role) => {
    const row = ACCESS_TABLE[role];
    return `| ${role} | ${row.reach.map((r) => reachWords[r]).join('; ')} | ${row.views.join(', ')} |`;
  });
  return ['| role | reaches | reads |', '|---|---|---|', ...rows].join('\n');
}

/**
 * The complainant, reached by being the case's complainant: the records
 * store's complainant row of the case is the identity, and the caller (the
 * signed-in page) says whether this person is it. Not a staff role: what the
 * complainant may do is this table alone, every other command refused.
 * Escalation cannot be blocked (DOMAIN.md; Luton 13.10, Rutland 10.1), so the
 * complainant asks for the next stage themselves; the rest are their own
 * answers: an extension the council asked for (BANES 8.6), an advocate
 * (s.26A Children Act 1989), their satisfaction at closure (Luton 13.8), and
 * withdrawing.
 */
export interface ComplainantPrincipal {
  part: 'complainant';
  /** This person is the case's complainant, as the records store's complainant row says. */
  isComplainant: boolean;
}

/** A command the complainant may send, and the values a field of it is limited to. */
export interface ComplainantRow {
  /** Fields the complainant may send (the API fills in the actor and `by`). */
  fields: readonly string[];
  /** Values a field may take, when limited. */
  only?: Readonly<Record<string, readonly unknown[]>>;
}

export const COMPLAINANT_COMMANDS: Readonly<Record<string, ComplainantRow>> = {
  escalate: { fields: ['reasons'] },
  'answer-extension': { fields: ['agree'] },
  advocacy: { fields: ['event', 'to'], only: { event: ['requested', 'accepted'], to: ['complainant'] } },
  'record-satisfaction': { fields: ['satisfaction'], only: { satisfaction: ['satisfied', 'not-satisfied'] } },
  withdraw: { fields: [] },
};

/** Whether the complainant may send this command with this input: 404 off their case, 403 outside their table. */
export function decideComplainantCommand(principal: ComplainantPrincipal, command: string, input: Record<string, unknown>): CommandDecision {
  if (!principal.isComplainant) return { allowed: false, status: 404, detail: 'not found' };
  const row = Object.hasOwn(COMPLAINANT_COMMANDS, command) ? COMPLAINANT_COMMANDS[command] : undefined;
  if (!row) return { allowed: false, status: 403, detail: `${command} is not something a complainant does; you may: ${Object.keys(COMPLAINANT_COMMANDS).join(', ')}` };
  for (const [field, values] of Object.entries(row.only ?? {})) {
    if (!values.includes(input[field])) return { allowed: false, status: 403, detail: `${command}: ${field} may only be ${values.join(' or ')} for a complainant` };
  }
  return { allowed: true, as: [] };
}
