import { describe, expect, it } from 'vitest';
import { roleRulesFor } from '../../domain/command-table';
import { COMMAND_TABLE } from '../../domain/complaint/table';
import { RESPONSIBLE } from '../../domain/complaint/clocks';
import { CONDUCT_TABLE } from '../../domain/conduct/table';
import { ACTION_TABLE } from '../../domain/actions/table';
import { commandUpdates } from '../../workflows/complaint/messages';
import { conductUpdates } from '../../workflows/conduct/messages';
import { actionUpdates } from '../../workflows/actions/messages';
import { openApiDocument } from '../../api/openapi';

/**
 * One table per workflow kind: the Updates are derived from it under the
 * names running workflows know, and the role rules come from its rows.
 */
describe('the command tables', () => {
  it('derive one Update per row, under the names running workflows know', () => {
    const names = (updates: Record<string, { name: string }>) => Object.values(updates).map((u) => u.name);
    expect(names(commandUpdates)).toEqual([
      'triage', 'acknowledge', 'clarify', 'extend', 'respond', 'escalate', 'refuse-escalation', 'appoint-investigators', 'contact',
      'agree-statement', 'suspend-for-resolution', 'resume', 'submit-reports', 'adjudicate', 'schedule-panel', 'notify-panel', 'send-papers',
      'adjourn-panel', 'record-panel', 'panel-report', 'share-recommendations', 'final-response', 'hold', 'release-hold', 'withdraw', 'record-findings',
      'refer-to-ombudsman', 'record-ombudsman-decision', 'record-ombudsman-compliance', 'close', 'assign',
      'record-learning', 'record-satisfaction', 'take-up-again', 'advocacy', 'progress-update', 'arrange-meeting', 'record-meeting',
      'request-extension', 'answer-extension',
    ]);
    expect(Object.keys(commandUpdates)).toEqual(Object.keys(COMMAND_TABLE));
    expect(names(conductUpdates)).toEqual(['conduct.warn', 'conduct.restrict', 'conduct.review', 'conduct.refuse-contact', 'conduct.discontinue', 'conduct.lift']);
    expect(Object.keys(conductUpdates)).toEqual(Object.keys(CONDUCT_TABLE));
    expect(names(actionUpdates)).toEqual(['action.complete', 'action.reassign', 'action.extend']);
    expect(Object.keys(actionUpdates)).toEqual(Object.keys(ACTION_TABLE));
  });

  it('accepting a late request takes a complaints manager: a rule of the escalate row, by field', () => {
    expect(COMMAND_TABLE.escalate.roles).toEqual(['complaints-officer', 'complaints-manager']);
    expect(roleRulesFor(COMMAND_TABLE.escalate, { reasons: 'Not happy' })).toEqual([]);
    expect(roleRulesFor(COMMAND_TABLE.escalate, { lateAcceptedReason: 'illness' })).toEqual([
      { field: 'lateAcceptedReason', roles: ['complaints-manager'], what: 'Accepting a late request' },
    ]);
    // No other row has a rule by field.
    const withRules = [COMMAND_TABLE, CONDUCT_TABLE, ACTION_TABLE].flatMap((t) => Object.entries(t).filter(([, row]) => row.rolesWhen).map(([name]) => name));
    expect(withRules).toEqual(['escalate']);
  });

  it('a reason to backdate a step over a missed deadline takes a complaints manager, whatever the command', () => {
    const rule = { field: 'backdateReason', roles: ['complaints-manager'], what: 'Backdating a step over a deadline already shown as missed (backdateReason)' };
    expect(roleRulesFor(COMMAND_TABLE.respond, { at: '2026-12-07T10:00:00Z' })).toEqual([]);
    expect(roleRulesFor(COMMAND_TABLE.respond, { at: '2026-12-07T10:00:00Z', backdateReason: 'Sent on time' })).toEqual([rule]);
    expect(roleRulesFor(COMMAND_TABLE.escalate, { lateAcceptedReason: 'illness', backdateReason: 'Logged late' }).map((r) => r.field)).toEqual(['lateAcceptedReason', 'backdateReason']);
  });

  it("the OpenAPI document gives each command's roles from its row", () => {
    const paths = openApiDocument().paths as Record<string, { post: { description: string } }>;
    expect(paths['/v1/complaints/{reference}/commands/close']!.post.description).toContain('Roles: complaints-manager.');
    expect(paths['/v1/complaints/{reference}/commands/escalate']!.post.description).toContain(
      'Roles: complaints-officer, complaints-manager; with `lateAcceptedReason` (accepting a late request), also one of complaints-manager.',
    );
    expect(paths['/v1/conduct/{personId}/commands/warn']!.post.description).toContain('Roles: complaints-manager, director.');
    expect(paths['/v1/actions/{id}/commands/complete']!.post.description).toContain(
      "Roles: complaints-officer, complaints-manager, service-manager, director, or the action's owner.",
    );
  });

  it('reminds the role that must act on each deadline', () => {
    expect(RESPONSIBLE['stage1.respond']).toBe('service-manager');
    expect(RESPONSIBLE['stage2.contact']).toBe('investigating-officer');
    expect(RESPONSIBLE['stage3.finalResponse']).toBe('director');
    expect(RESPONSIBLE['ombudsman.compliance']).toBe('complaints-manager');
  });
});
