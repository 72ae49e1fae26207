import type { Db } from './db';
import { EqualitiesRecords } from './equalities';
import { RecordsInputError } from './errors';
import { ACCESS_COLUMNS, CORRESPONDENCE_COLUMNS, listEvents, listRestrictions, loadCase, PERSON_COLUMNS } from './sql';
import type {
  AccessRecord,
  CorrespondenceRecord,
  Identifier,
  PersonIdentifiers,
  PersonRecord,
  SubjectAccessCandidate,
  SubjectAccessExport,
  SubjectAccessRequest,
} from './types';

/** What each withheld value reads, in place. */
export const WITHHELD = 'Free text written by or about other people in this case is withheld (UK GDPR Art. 15(4))';

/**
 * The rule the export follows, stated once for the DPO who reads it
 * (README "Subject access" says the same).
 */
export const WITHHOLDING =
  'Other people in each case are withheld (only their number is given). Free text written by or about other people is ' +
  `withheld: each such value reads "${WITHHELD}" and the case's "withheld" lists where. That is staff notes on events ` +
  'and any wording inside event details and outcomes (codes and dates are kept), which may speak of anyone in the case: ' +
  "review them in the case's chronology before releasing any. The complaint's summary and desired outcome are the " +
  "complainant's words about the child: given to the complainant and to the child, withheld from a representative or " +
  'an advocate. Letters are given as sent to the person. Deadline explanations are the engine\'s own words.';

/**
 * The subject's roles to whom the complaint's own text (summary, desired
 * outcome) is disclosed: the complainant wrote it; the child is who it is
 * about, in a procedure for the child (Children Act 1989 s.26(3)), so a
 * parent's words about their child's services are disclosed to the child as
 * a parent could expect (DPA 2018 Sch. 2 para 16). A representative or
 * advocate acts for someone else: the complaint's words are not theirs.
 */
const COMPLAINT_TEXT_ROLES: ReadonlySet<string> = new Set(['complainant', 'child']);

/** A request the records cannot answer as asked: a 400 naming the field. */
export class SubjectAccessRefused extends RecordsInputError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A person's subject access export: the cases where they are exactly
 * identified, their own data in each, other people's data withheld; name
 * matches that are not exact come back as candidates, never merged on
 * their own. Reads only: the API logs each case exported in the access log.
 */
export class SubjectAccess {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  async export(request: SubjectAccessRequest): Promise<SubjectAccessExport> {
    return this.db.transaction(async (tx) => {
      const generatedAt = this.now().toISOString();
      const found = 'personIds' in request ? await byId(tx, request.personIds) : await byIdentifiers(tx, request.identifiers, request.confirm ?? []);
      const cases: SubjectAccessExport['cases'] = [];
      for (const [reference, { foundBy, person }] of found.cases) {
        const { people, ...record } = (await loadCase(tx, reference))!;
        const ids = person.map((p) => p.id);
        const roles = person.map((p) => p.role);
        const letters = await tx.query<CorrespondenceRecord>(
          `SELECT ${CORRESPONDENCE_COLUMNS} FROM correspondence WHERE reference = $1 AND recipient_role = ANY($2) ORDER BY COALESCE(sent_at, claimed_at), notice_id, channel`,
          [reference, roles],
        );
        const access = await tx.query<AccessRecord>(`SELECT ${ACCESS_COLUMNS} FROM access_log WHERE reference = $1 ORDER BY at, id`, [reference]);
        const withheld: string[] = [];
        const withhold = (path: string) => {
          withheld.push(path);
          return WITHHELD;
        };
        const ownText = roles.some((r) => COMPLAINT_TEXT_ROLES.has(r));
        const text = (value: string | null, path: string) => (value === null || ownText ? value : withhold(path));
        cases.push({
          foundBy,
          case: { ...record, summary: text(record.summary, 'case.summary'), desiredOutcome: text(record.desiredOutcome, 'case.desiredOutcome'), outcome: codesOnly(record.outcome, 'case.outcome', withheld) },
          person,
          otherPeopleWithheld: people.length - person.length,
          withheld,
          events: (await listEvents(tx, reference)).map((e, i) => ({
            ...e,
            note: e.note === null ? null : withhold(`events[${i}].note`),
            detail: codesOnly(e.detail, `events[${i}].detail`, withheld),
            before: codesOnly(e.before, `events[${i}].before`, withheld),
            after: codesOnly(e.after, `events[${i}].after`, withheld),
          })),
          correspondence: letters.rows,
          contactRestrictions: (await listRestrictions(tx, { reference })).filter((r) => r.personId !== null && ids.includes(r.personId)),
          access: access.rows,
          ...(await ownMonitoring(tx, reference, roles)),
        });
      }
      return { generatedAt, withholding: WITHHOLDING, cases, candidates: found.candidates };
    });
  }
}

/**
 * The data subject's own equalities answers (special category data, held
 * apart: records/equalities.ts), given to them when they ask, and never
 * another person's; and the child's care flag, to the child and to the
 * complainant, as the complaint's text is (BANES 3.4). Absent when none.
 */
async function ownMonitoring(db: Db, reference: string, roles: string[]) {
  const store = new EqualitiesRecords(db, () => new Date());
  const own = (await store.read(reference)).filter((e) => roles.includes(e.subject));
  const childCare = roles.some((r) => COMPLAINT_TEXT_ROLES.has(r)) ? await store.childCare(reference) : null;
  return { ...(own.length > 0 ? { equalities: own } : {}), ...(childCare ? { childCare } : {}) };
}

type Found = { cases: Map<string, { foundBy: SubjectAccessExport['cases'][number]['foundBy']; person: PersonRecord[] }>; candidates: SubjectAccessCandidate[] };
type Row = PersonRecord & { reference: string };

function split(row: Row): [string, PersonRecord] {
  const { reference, ...person } = row;
  return [reference, person];
}

/** People rows by id: each is the person, exactly. An id not held (or disposed of) is refused by name. */
async function byId(db: Db, personIds: number[]): Promise<Found> {
  const r = await db.query<Row>(`SELECT reference, ${PERSON_COLUMNS} FROM people WHERE id = ANY($1::bigint[]) ORDER BY reference, id`, [personIds]);
  const missing = personIds.filter((id) => !r.rows.some((p) => p.id === id));
  if (missing.length > 0) throw new SubjectAccessRefused('personId', `no person is held with id ${missing.join(', ')} (their data may have been disposed of)`);
  const cases: Found['cases'] = new Map();
  for (const [reference, person] of r.rows.map(split)) cases.set(reference, { foundBy: 'personId', person: [...(cases.get(reference)?.person ?? []), person] });
  return { cases, candidates: [] };
}

/**
 * People of the same name (case-insensitive): those whose record agrees on
 * at least one other identifier given and differs on none are the person;
 * the rest are candidates, unless their case is among `confirm`.
 */
async function byIdentifiers(db: Db, given: PersonIdentifiers, confirm: string[]): Promise<Found> {
  const r = await db.query<Row>(`SELECT reference, ${PERSON_COLUMNS} FROM people WHERE lower(name) = lower($1) ORDER BY reference, id`, [given.name]);
  const unmatched = confirm.filter((ref) => !r.rows.some((p) => p.reference === ref));
  if (unmatched.length > 0) throw new SubjectAccessRefused('confirm', `no one named ${given.name} is held in ${unmatched.join(', ')}`);
  const cases: Found['cases'] = new Map();
  const candidates: SubjectAccessCandidate[] = [];
  for (const [reference, person] of r.rows.map(split)) {
    const { matched, differs } = compare(person, given);
    const exact = matched.length > 0 && differs.length === 0;
    if (!exact && !confirm.includes(reference)) {
      candidates.push({ reference, personId: person.id, role: person.role, matched: ['name', ...matched], differs });
      continue;
    }
    const entry = cases.get(reference);
    // A case is 'identifiers' when any of the person's rows in it is exact.
    cases.set(reference, { foundBy: entry?.foundBy === 'identifiers' || exact ? 'identifiers' : 'confirmed', person: [...(entry?.person ?? []), person] });
  }
  return { cases, candidates };
}

const IDENTIFIERS: readonly Identifier[] = ['dateOfBirth', 'email', 'phone', 'postcode'];

/** Which identifiers given the record holds the same, and which it holds differently (one it does not hold is neither). */
export function compare(person: PersonRecord, given: PersonIdentifiers): { matched: Identifier[]; differs: Identifier[] } {
  const matched: Identifier[] = [];
  const differs: Identifier[] = [];
  for (const id of IDENTIFIERS) {
    const wanted = given[id];
    if (wanted === undefined) continue;
    const held = heldValues(person, id);
    if (held.length === 0) continue;
    (held.includes(normalise(id, wanted)) ? matched : differs).push(id);
  }
  return { matched, differs };
}

function heldValues(person: PersonRecord, id: Identifier): string[] {
  if (id === 'postcode') return postcodesIn(person.address);
  const value = id === 'dateOfBirth' ? person.dateOfBirth : person[id];
  return value ? [normalise(id, value)] : [];
}

/** Exact, as people write them: email in any case; a phone's digits (+44 as 0); a postcode without spaces, in capitals. */
export function normalise(id: Identifier, value: string): string {
  switch (id) {
    case 'email':
      return value.trim().toLowerCase();
    case 'phone':
      return value.replace(/\D/g, '').replace(/^44/, '0');
    case 'postcode':
      return value.replace(/\s/g, '').toUpperCase();
    default:
      return value.trim();
  }
}

const POSTCODE = /\b[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}\b/g;

/** The UK postcodes in an address as held (free text), normalised. */
export function postcodesIn(address: string | null): string[] {
  return address ? [...address.toUpperCase().matchAll(POSTCODE)].map((m) => normalise('postcode', m[0])) : [];
}

/**
 * A JSON value with its wording withheld: a string with a space in it is
 * someone's words; codes, dates, numbers and flags are kept. Each path
 * withheld is added to `withheld`.
 */
function codesOnly<T>(value: T, path: string, withheld: string[]): T {
  if (typeof value === 'string' && /\s/.test(value)) {
    withheld.push(path);
    return WITHHELD as T;
  }
  if (Array.isArray(value)) return value.map((v, i) => codesOnly(v, `${path}[${i}]`, withheld)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, codesOnly(v, `${path}.${k}`, withheld)])) as T;
  return value;
}
