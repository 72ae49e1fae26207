import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * The custom search attributes operators use to find live cases in the
 * Temporal UI. Never a name, address or free text: search attributes are
 * stored unencrypted. Within SQL visibility's limits (at most 10 Keyword and
 * 3 of each other type).
 */
export const ComplaintStage = defineSearchAttributeKey('ComplaintStage', SearchAttributeType.KEYWORD);
export const ComplaintStatus = defineSearchAttributeKey('ComplaintStatus', SearchAttributeType.KEYWORD);
export const ComplaintProcedure = defineSearchAttributeKey('ComplaintProcedure', SearchAttributeType.KEYWORD);
export const ComplaintTeam = defineSearchAttributeKey('ComplaintTeam', SearchAttributeType.KEYWORD);
export const NextDeadlineKey = defineSearchAttributeKey('NextDeadlineKey', SearchAttributeType.KEYWORD);
export const NextDeadlineDue = defineSearchAttributeKey('NextDeadlineDue', SearchAttributeType.DATETIME);
/** The next due date as a London date (`2026-12-23`): `NextDeadlineDue`, the instant that day ends, reads a day late in UTC. */
export const NextDeadlineDate = defineSearchAttributeKey('NextDeadlineDate', SearchAttributeType.KEYWORD);
export const OnHold = defineSearchAttributeKey('OnHold', SearchAttributeType.BOOL);
export const Overdue = defineSearchAttributeKey('Overdue', SearchAttributeType.BOOL);
/** The oldest duty missed and not yet done, and the instant it became overdue (the end of its due date, London). */
export const OverdueKey = defineSearchAttributeKey('OverdueKey', SearchAttributeType.KEYWORD);
export const OverdueSince = defineSearchAttributeKey('OverdueSince', SearchAttributeType.DATETIME);

export const SEARCH_ATTRIBUTES = [
  ComplaintStage,
  ComplaintStatus,
  ComplaintProcedure,
  ComplaintTeam,
  NextDeadlineKey,
  NextDeadlineDue,
  NextDeadlineDate,
  OnHold,
  Overdue,
  OverdueKey,
  OverdueSince,
] as const;
