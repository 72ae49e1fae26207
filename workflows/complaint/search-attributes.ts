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
export const OnHold = defineSearchAttributeKey('OnHold', SearchAttributeType.BOOL);
export const Overdue = defineSearchAttributeKey('Overdue', SearchAttributeType.BOOL);

export const SEARCH_ATTRIBUTES = [
  ComplaintStage,
  ComplaintStatus,
  ComplaintProcedure,
  ComplaintTeam,
  NextDeadlineKey,
  NextDeadlineDue,
  OnHold,
  Overdue,
] as const;
