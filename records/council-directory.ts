import { DEFAULT_COUNCIL } from '../domain/council';
import type { Db } from './db';
import { CouncilStore, type CouncilSettings } from './councils';

/** How long a council's reading stands before its row is read again: a council added, or its name or letters changed, shows within this. */
export const COUNCIL_TTL_MS = 10_000;

/**
 * A council this deployment serves. `settings` is its councils row's, or
 * undefined for `default`, whose settings are the deployment's own
 * (COUNCIL_NAME, DEFAULT_POLICY, COUNCIL_*) and which has no row to read.
 */
export interface CouncilListing {
  id: string;
  settings?: CouncilSettings;
}

export interface CouncilDirectoryOptions {
  /** COUNCIL_TTL_MS unless given (tests shorten it). */
  ttlMs?: number;
  now?: () => number;
}

/**
 * The one reading of councils' settings for the API and the pages: whether
 * a council is served, its name, its policy, its letters. Each council's row
 * is read at most once per `ttlMs` (a miss as much as a find, so a council
 * added by `npm run council -- add` in another process is served within it),
 * and callers asking at once share that one read. A writer in this process
 * calls `forget` after writing, and its change shows at once.
 */
export class CouncilDirectory {
  private readonly readings = new Map<string, { at: number; listing: Promise<CouncilListing | undefined> }>();
  private readonly ttlMs: number;
  private readonly now: () => number;

  /** `dbOf(council)`: that council's own handle, which reads its own row only (026). */
  constructor(
    private readonly dbOf: (council: string) => Db,
    options: CouncilDirectoryOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? COUNCIL_TTL_MS;
    this.now = options.now ?? Date.now;
  }

  /** `council` as this deployment has it; undefined for one not added. */
  find(council: string): Promise<CouncilListing | undefined> {
    if (council === DEFAULT_COUNCIL) return Promise.resolve({ id: DEFAULT_COUNCIL });
    const held = this.readings.get(council);
    if (held && this.now() - held.at < this.ttlMs) return held.listing;
    const read = async (): Promise<CouncilListing | undefined> => {
      const settings = await new CouncilStore(this.dbOf(council)).get(council);
      return settings && { id: council, settings };
    };
    const reading = { at: this.now(), listing: read() };
    this.readings.set(council, reading);
    // A failed read (the database away a moment) is not kept: the next caller reads again.
    reading.listing.catch(() => {
      if (this.readings.get(council) === reading) this.readings.delete(council);
    });
    return reading.listing;
  }

  /** Whether this deployment serves `council`: `default` always, another once its row is written. */
  async serves(council: string): Promise<boolean> {
    return (await this.find(council)) !== undefined;
  }

  /** `council`'s name as its pages show it: the deployment's for `default`, its row's, or the id of a council not added. */
  async name(council: string, deploymentName: string): Promise<string> {
    const listing = await this.find(council);
    if (!listing) return council;
    return listing.settings?.name ?? deploymentName;
  }

  /** Drops what was read of `council` (of every council without one): the next ask reads the row. */
  forget(council?: string): void {
    if (council === undefined) this.readings.clear();
    else this.readings.delete(council);
  }
}
