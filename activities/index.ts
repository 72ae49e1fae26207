import { heartbeat, log } from '@temporalio/activity';
import type { Notice } from '../workflows/complaint/state';

/** Where letters, reminders and breach alerts go. */
export interface NoticeSink {
  /** Must be idempotent on (reference, notice.id): a retried activity delivers again. */
  deliver(reference: string, notice: Notice): Promise<void>;
}

/** Dependencies the activities need, built once by the worker. */
export interface ActivityDeps {
  notices?: NoticeSink;
}

/** Until the system of record delivers letters, notices are logged: reference, kind and subject only, never personal data. */
const loggedNotices: NoticeSink = {
  async deliver(reference, notice) {
    log.info('notice', { reference, id: notice.id, kind: notice.kind, subject: notice.subject });
  },
};

/** The complaint workflow's activities; the workflow imports their type only. */
export function createActivities(deps: ActivityDeps = {}) {
  const notices = deps.notices ?? loggedNotices;
  return {
    /** Delivers one letter, reminder or breach alert. Input: the case reference and the notice. */
    async deliverNotice(input: { reference: string; notice: Notice }): Promise<void> {
      // Proof of life while a slow channel works; a dead worker stops heartbeating and the retry goes elsewhere.
      const beat = setInterval(() => heartbeat(), 3_000);
      try {
        await notices.deliver(input.reference, input.notice);
      } finally {
        clearInterval(beat);
      }
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
