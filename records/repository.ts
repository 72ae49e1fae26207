import { ActionRecords } from './actions';
import { AccessLog } from './access';
import { syncCase } from './case-sync';
import { CaseStore } from './cases';
import { CommunicationNeedsStore } from './communication-needs';
import { IndependenceRegister } from './register';
import { ConductRegister } from './conduct';
import { CorrespondenceStore } from './correspondence';
import type { Db } from './db';
import { councilDb } from './council';
import { CouncilDirectory } from './council-directory';
import { DEFAULT_COUNCIL } from '../domain/council';
import { ResponseStore } from './idempotency';
import { PersonalData } from './personal-data';
import { EqualitiesRecords } from './equalities';
import { SubjectAccess } from './subject-access';
import { annualReport, type ReportRange } from './report';
import { stage2Timings } from './stage2-timings';
import { WorkingDayCalendar } from '../domain/calendar';
import { defaultCalendarData } from '../domain/holidays';
import type {
  AccessRecord,
  CaseSnapshot,
  ChronologyEntry,
  ContactRestrictionInput,
  CorrespondenceInput,
  CorrespondenceStatus,
  ListCasesQuery,
  ListingScope,
  NewCase,
  SubjectAccessRequest,
} from './types';

export interface RecordsOptions {
  /** The clock for instants the store makes itself (tests pin it). */
  now?: () => Date;
  /**
   * The council whose records these are (default: `default`, the embedded
   * default's one council), or a function naming it at each query: the API's
   * is `currentCouncil`, the council of the request in hand.
   */
  council?: string | (() => string);
  /** How long the council directory keeps a council's reading (records/council-directory.ts COUNCIL_TTL_MS unless given). */
  councilTtlMs?: number;
  /** The directory to share: forCouncil passes its own on, so every council's records over one database read councils through one. */
  directory?: CouncilDirectory;
}

/**
 * The system of record: the council's complaint file in PostgreSQL (or
 * PGlite). One store per concern, all over one connection pool (`db`):
 * cases (cases.ts, the workflow's sync in case-sync.ts), correspondence,
 * the access audit, idempotency keys, the conduct register, actions,
 * reports, personal data (retention and subject access). This facade keeps
 * the callers' one object; each method is the store's. Every write an
 * activity makes is idempotent by a natural key, so an activity retried
 * after a crash writes each row once.
 */
export class Records {
  readonly cases: CaseStore;
  readonly correspondence: CorrespondenceStore;
  readonly access: AccessLog;
  readonly responses: ResponseStore;
  readonly conduct: ConductRegister;
  readonly actions: ActionRecords;
  readonly personalData: PersonalData;
  readonly subjectAccess: SubjectAccess;
  /** Equalities monitoring and the child's care flag (records/equalities.ts). */
  readonly equalities: EqualitiesRecords;
  /** Communication needs of each case's complainant (personal data). */
  readonly communicationNeeds: CommunicationNeedsStore;
  /** The independence register (BANES 9.3). */
  readonly register: IndependenceRegister;

  /** The council's handle: every query it runs sees that council's rows only (records/council.ts). */
  readonly db: Db;
  /** Every council's settings as this process reads them (records/council-directory.ts), shared with the records forCouncil opens. */
  readonly councils: CouncilDirectory;

  constructor(
    db: Db,
    private readonly options: RecordsOptions = {},
  ) {
    const now = options.now ?? (() => new Date());
    if (db.council !== undefined && options.council !== undefined) throw new Error(`a handle of council ${db.council} cannot hold another council's records`);
    this.owner = db.council === undefined ? db : undefined;
    db = this.db = this.owner ? councilDb(this.owner, options.council ?? DEFAULT_COUNCIL) : db;
    this.cases = new CaseStore(db, now);
    this.correspondence = new CorrespondenceStore(db);
    this.access = new AccessLog(db, now);
    this.responses = new ResponseStore(db);
    this.conduct = new ConductRegister(db);
    this.actions = new ActionRecords(db);
    this.personalData = new PersonalData(db, now);
    this.subjectAccess = new SubjectAccess(db, now);
    this.equalities = new EqualitiesRecords(db, now);
    this.communicationNeeds = new CommunicationNeedsStore(db, now);
    this.register = new IndependenceRegister(db, now);
    this.councils = options.directory ?? new CouncilDirectory((council) => this.forCouncil(council).db, options.councilTtlMs === undefined ? {} : { ttlMs: options.councilTtlMs });
  }

  private readonly owner: Db | undefined;

  /** The council these records are of (the one of the request in hand, for the API's). */
  get council(): string {
    return this.db.council!;
  }

  /** Another council's records over the same pool; with a function, the council it names at each query. */
  forCouncil(council: string | (() => string)): Records {
    if (this.owner) return new Records(this.owner, { ...this.options, council, directory: this.councils });
    if (council === this.council) return this;
    throw new Error(`these records were opened on council ${this.council}'s handle; open them on the database to reach another council`);
  }

  /** Answers when the database does (readiness). */
  async ping(): Promise<void> {
    await this.db.query('SELECT 1');
  }

  // Cases
  createCase(input: NewCase) { return this.cases.createCase(input); }
  /** As createCase, without reading back a case it has just stored (the API's and imports' path). */
  fileCase(input: NewCase) { return this.cases.fileCase(input); }
  getCase(reference: string) { return this.cases.getCase(reference); }
  /** Only the cases `scope` reaches (domain/access.ts listingScope). */
  listCases(query: ListCasesQuery, scope: ListingScope) { return this.cases.listCases(query, scope); }
  caseAccessFacts(reference: string) { return this.cases.caseAccessFacts(reference); }
  listEvents(reference: string) { return this.cases.listEvents(reference); }
  listFindings(reference: string) { return this.cases.listFindings(reference); }
  getOmbudsmanReferral(reference: string) { return this.cases.getOmbudsmanReferral(reference); }
  syncCase(snapshot: CaseSnapshot) { return syncCase(this.db, snapshot); }

  /** Events and correspondence interleaved in time order (a letter at when it was sent, or claimed if not yet). */
  async caseChronology(reference: string): Promise<ChronologyEntry[]> {
    const [events, letters] = await Promise.all([this.listEvents(reference), this.listCorrespondence(reference)]);
    const entries: ChronologyEntry[] = [
      ...events.map((event) => ({ at: event.at, type: 'event' as const, event })),
      ...letters.map((correspondence) => ({ at: correspondence.sentAt ?? correspondence.claimedAt, type: 'correspondence' as const, correspondence })),
    ];
    // Stable sort: events before the letters they caused when the instants tie.
    return entries.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  }

  // Correspondence
  recordCorrespondence(input: CorrespondenceInput) { return this.correspondence.recordCorrespondence(input); }
  claimDelivery(input: Parameters<CorrespondenceStore['claimDelivery']>[0]) { return this.correspondence.claimDelivery(input); }
  renewClaim(id: number, claimedAt: string, at: string) { return this.correspondence.renewClaim(id, claimedAt, at); }
  settleDelivery(id: number, outcome: Parameters<CorrespondenceStore['settleDelivery']>[1]) { return this.correspondence.settleDelivery(id, outcome); }
  listCorrespondence(reference: string) { return this.correspondence.listCorrespondence(reference); }
  listOutbox(query: { channel?: string; status?: CorrespondenceStatus; limit?: number } = {}) { return this.correspondence.listOutbox(query); }

  // Access audit
  recordAccess(input: Parameters<AccessLog['recordAccess']>[0]) { return this.access.recordAccess(input); }
  listAccess(query: Parameters<AccessLog['listAccess']>[0] = {}): Promise<AccessRecord[]> { return this.access.listAccess(query); }

  // Idempotency keys
  rememberResponse(input: Parameters<ResponseStore['rememberResponse']>[0]) { return this.responses.rememberResponse(input); }
  recallResponse(key: string, actor: string) { return this.responses.recallResponse(key, actor); }
  forgetResponsesBefore(before: string) { return this.responses.forgetResponsesBefore(before); }

  // Conduct: the register of contact restrictions
  addContactRestriction(input: ContactRestrictionInput) { return this.conduct.addContactRestriction(input); }
  listContactRestrictions(query: Parameters<ConductRegister['listContactRestrictions']>[0] = {}) { return this.conduct.listContactRestrictions(query); }

  // Actions (the case's recommendations)
  listActions(reference: string) { return this.actions.listOfCase(reference); }
  completeAction(input: Parameters<ActionRecords['completeRecommendation']>[0]) { return this.actions.completeRecommendation(input); }

  // Reports
  /** The statutory annual report for a period of London dates (both ends included). `RecordsInputError` on a bad range. */
  report(range: ReportRange) { return annualReport(this.db, range); }
  stage2Timings(range: ReportRange) { return stage2Timings(this.db, range, new WorkingDayCalendar(defaultCalendarData())); }

  // Personal data: retention and subject access
  disposeClosedBefore(closedBefore: string, actor = 'retention') { return this.personalData.disposeClosedBefore(closedBefore, actor); }
  /** Reads only: the caller logs each case exported. `SubjectAccessRefused` (a `RecordsInputError`) names a field it cannot answer. */
  subjectAccessExport(request: SubjectAccessRequest) { return this.subjectAccess.export(request); }
}
