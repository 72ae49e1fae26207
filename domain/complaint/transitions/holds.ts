import { formatLong } from '../../dates';
import { extendDeadline, fallsDueAt, findDeadline, pauseClocks, resumeClocks } from '../clocks';
import { releaseHeads } from '../closing';
import type { ClockKey, ComplaintState, Deadline } from '../state';
import { progressGiven } from './stage2-steps';
import { dateOf, notify, outcomeText, record, refuse, requireNotOnHold, requireOpen, requireStatutory, stepTime, type Gate, type Plan } from './common';

/**
 * Holds and extensions, the two ways a clock gets more time. A hold stops
 * every clock while child protection, court proceedings or another process
 * comes first (Rutland 7.1, Luton 5.3), or only some heads of complaint
 * (regulation 8); an extension adds working days within the policy's caps
 * (Luton 13.9, Rutland 10.1), told to the complainant in writing.
 */

/** What the case must be for this command, whatever its input: the plan's first check, and the case page's (../gates.ts). */
export const extendGate: Gate = (state) => {
  requireOpen(state);
  requireNotOnHold(state);
};

/** The clock an extension moves, refused unless it runs (pending, or missed and not yet done). */
export function extensibleDeadline(state: ComplaintState, key: ClockKey): Deadline {
  const deadline = findDeadline(state, key);
  if (!deadline || !(deadline.state === 'pending' || deadline.state === 'missed') || deadline.metAt) {
    refuse(`${key} is not running, so it cannot be extended`);
  }
  return deadline;
}

export const extend: Plan<'extend'> = (state, input, now) => {
  extendGate(state);
  const deadline = extensibleDeadline(state, input.deadline);
  const at = stepTime(state, input, now, 'received');
  if (Date.parse(at) >= fallsDueAt(deadline)) {
    refuse(`${input.deadline} was due on ${formatLong(deadline.due)}: an extension must be agreed by then`);
  }
  const { extensions, timescales } = state.policy;
  switch (input.deadline) {
    case 'stage1.respond': {
      const total = deadline.extendedBy + input.workingDays;
      if (total > extensions.stage1MaxWorkingDays) {
        refuse(
          `an extension of ${input.workingDays} working days would bring Stage 1 extensions to ${total}, over the cap of ${extensions.stage1MaxWorkingDays} in policy ${state.policy.id}`,
        );
      }
      break;
    }
    case 'stage2.respond': {
      if (input.complainantAgreed !== true) refuse("a Stage 2 extension needs the complainant's agreement (complainantAgreed: true)");
      const total = timescales['stage2.respond'] + deadline.extendedBy + input.workingDays;
      if (total > extensions.stage2MaxTotalWorkingDays) {
        refuse(
          `an extension of ${input.workingDays} working days would make Stage 2 ${total} working days, over the limit of ${extensions.stage2MaxTotalWorkingDays}`,
        );
      }
      break;
    }
    case 'stage3.panel':
      if (input.complainantAgreed !== true) refuse("a later panel needs the complainant's agreement (complainantAgreed: true)");
      break;
    case 'stage3.finalResponse': {
      const total = timescales['stage3.finalResponse'] + deadline.extendedBy + input.workingDays;
      if (total > extensions.finalResponseDirectorDisagrees) {
        refuse(
          `an extension of ${input.workingDays} working days would make the final response ${total} working days, over the limit of ${extensions.finalResponseDirectorDisagrees}`,
        );
      }
      break;
    }
  }
  return () => {
    extendDeadline(state, deadline, input.workingDays, input.reason, now);
    // The extension letter gives the complainant the new date and why: it is a progress update (stage2-steps.ts).
    if (input.deadline === 'stage2.respond') progressGiven(state, at, now, 'extension');
    record(state, 'extended', input.actor, at, now, input.note, {
      deadline: input.deadline,
      workingDays: input.workingDays,
      reason: input.reason,
      newDue: deadline.due,
      ...(input.complainantAgreed !== undefined ? { complainantAgreed: input.complainantAgreed } : {}),
    });
    notify(state, 'letter', 'extension', { deadline: input.deadline, newDue: deadline.due, reasons: input.reason });
  };
};

/** What the case must be for this command, whatever its input: the plan's first check, and the case page's (../gates.ts). */
export const holdGate: Gate = (state) => {
  requireOpen(state);
  requireStatutory(state);
};

export const hold: Plan<'hold'> = (state, input, now, rules) => {
  holdGate(state);
  const at = stepTime(state, input, now, 'received');
  if (input.heads) {
    const already = input.heads.filter((h) => state.heldHeads.includes(h));
    if (already.length > 0) refuse(`already held: head ${already.join(', ')}`);
    return () => {
      state.heldHeads.push(...input.heads!);
      state.partialHolds = [...(state.partialHolds ?? []), ...input.heads!.map((head) => ({ head, reason: input.reason, since: at }))];
      record(state, 'heads-held', input.actor, at, now, input.note, { reason: input.reason, heads: input.heads!.join(',') });
    };
  }
  requireNotOnHold(state);
  if (state.status === 'early-resolution') refuse('the investigation is suspended for early resolution: resume it before a hold');
  return () => {
    state.hold = { reason: input.reason, since: at };
    state.steps.hold = at;
    pauseClocks(state, dateOf(at), `${input.reason} hold`, now, rules?.lateHolds ? Date.parse(at) : undefined);
    record(state, 'held', input.actor, at, now, input.note, { reason: input.reason });
    notify(state, 'letter', 'case-on-hold', { reason: input.reason });
  };
};

export const releaseHold: Plan<'release-hold'> = (state, input, now) => {
  if (input.heads) {
    // A held part outlives closing (regulation 8), so it may be released on a closed case.
    const notHeld = input.heads.filter((h) => !state.heldHeads.includes(h));
    if (notHeld.length > 0) refuse(state.status === 'closed' && state.heldHeads.length === 0 ? `the case is closed (${outcomeText(state.outcome)})` : `not held: head ${notHeld.join(', ')}`);
    const at = stepTime(state, input, now, 'received');
    return () => {
      releaseHeads(state, input.heads!, at);
      record(state, 'heads-released', input.actor, at, now, input.note, { heads: input.heads!.join(',') });
    };
  }
  requireOpen(state);
  if (!state.hold) refuse('the case is not on hold');
  const at = stepTime(state, input, now, 'hold');
  return () => {
    const reason = state.hold!.reason;
    delete state.hold;
    resumeClocks(state, dateOf(at), now);
    record(state, 'hold-released', input.actor, at, now, input.note, { reason });
    notify(state, 'letter', 'case-resumed', {});
  };
};
