import { heartbeat, log } from '@temporalio/activity';
import type { Records } from '../records/repository';
import type { CaseSnapshot } from '../records/types';
import type { Notice } from '../domain/complaint/state';
import { createRetentionActivities } from './retention';
import { createActionActivities } from './actions';
import { createCalendarActivities } from './calendar';
import { createConductActivities } from './conduct';

/** Where letters, reminders and breach alerts go. */
export interface NoticeSink {
  /** Must be idempotent on (reference, notice.id): a retried activity delivers again. */
  deliver(reference: string, notice: Notice): Promise<void>;
}

/** Dependencies the activities need, built once by the worker. */
export interface ActivityDeps {
  /** The system of record; the case file outlives Temporal's history. */
  records?: Pick<Records, 'syncCase'> & Partial<Pick<Records, 'disposeClosedBefore' | 'db'>>;
  /** Letters and alerts (records/letters: the outbox, SMTP, GOV.UK Notify). */
  notices?: NoticeSink;
}

/** Without a system of record (workflow-logic tests), notices are logged: reference, kind and subject only, never personal data. */
const loggedNotices: NoticeSink = {
  async deliver(reference, notice) {
    log.info('notice', { reference, id: notice.id, kind: notice.kind, subject: notice.subject });
  },
};

/** Runs `work` with a heartbeat every few seconds: a dead worker stops heartbeating and the retry goes elsewhere. */
async function withHeartbeat<T>(work: () => Promise<T>): Promise<T> {
  const beat = setInterval(() => heartbeat(), 3_000);
  try {
    return await work();
  } finally {
    clearInterval(beat);
  }
}

/** The complaint workflow's activities; the workflow imports their type only. */
export function createActivities(deps: ActivityDeps = {}) {
  const notices = deps.notices ?? loggedNotices;
  return {
    ...createRetentionActivities(deps),
    ...createActionActivities(deps),
    ...createCalendarActivities(deps),
    ...createConductActivities(deps),
    /** Delivers one letter, reminder or breach alert. Input: the case reference and the notice. Non-retryable: TemplateError, CaseNotFound. */
    async deliverNotice(input: { reference: string; notice: Notice }): Promise<void> {
      await withHeartbeat(() => notices.deliver(input.reference, input.notice));
    },
    /** Stores the workflow's side of the case in the system of record; idempotent (events by seq). Returns the events stored. */
    async syncRecords(snapshot: CaseSnapshot): Promise<number> {
      if (!deps.records) return 0; // workflow-logic tests run without a records store
      const { eventsInserted } = await withHeartbeat(() => deps.records!.syncCase(snapshot));
      return eventsInserted;
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
