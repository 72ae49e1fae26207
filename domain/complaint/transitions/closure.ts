import { formatLong } from '../../dates';
import { findDeadline, startTimescale } from '../clocks';
import { stagesEnded } from '../learning';
import { CURRENT_RULES } from '../rules';
import { dateOf, notify, outcomeText, record, refuse, requireStatutory, stepTime, type Gate, type Plan } from './common';
import { STAGE_ORDER } from './closing';

/**
 * What a case leaves behind and how it comes back: the learning recorded at
 * the end of each stage (BANES 5.1, Kingston §6), the complainant's
 * satisfaction at closure or after (Luton 13.8), and a complaint refused
 * while court proceedings ran, taken up again when they end (Luton 5.3).
 */

/** What the case must be for this command, whatever its input: the plan's first check, and the case page's (../gates.ts). */
export const recordLearningGate: Gate = (state) => {
  requireStatutory(state);
};

export const recordLearning: Plan<'record-learning'> = (state, input, now) => {
  recordLearningGate(state);
  const reached = state.stage3 ? 3 : state.stage2 ? 2 : 1;
  if (STAGE_ORDER[input.stage] > reached) refuse(`the case never reached ${input.stage}`);
  // Learning is collated "at the conclusion of each stage" (BANES 5.1); a case closed otherwise (withdrawn, not pursued) may still teach.
  if (!stagesEnded(state).includes(input.stage) && state.status !== 'closed') {
    refuse(`${input.stage} has not ended (no response recorded): learning is recorded at the end of a stage`);
  }
  const earlier = (state.learning ?? []).find((l) => l.stage === input.stage);
  if (earlier) refuse(`the learning from ${input.stage} was already recorded on ${formatLong(dateOf(earlier.recordedAt))}`);
  const at = stepTime(state, input, now, 'received');
  return () => {
    state.learning = [...(state.learning ?? []), { stage: input.stage, themes: input.themes, changed: input.changed, recordedAt: at, actor: input.actor }];
    record(state, 'learning-recorded', input.actor, at, now, input.note, { stage: input.stage, themes: input.themes.join(',') });
  };
};

/** What the case must be for this command, whatever its input: the plan's first check, and the case page's (../gates.ts). */
export const recordSatisfactionGate: Gate = (state) => {
  if (state.status !== 'closed') refuse('the case is open: the complainant is asked at closure (close with satisfaction) or after it');
};

export const recordSatisfaction: Plan<'record-satisfaction'> = (state, input, now) => {
  recordSatisfactionGate(state);
  if (state.satisfaction?.answer === input.satisfaction) refuse(`the complainant's answer is already recorded as ${input.satisfaction}`);
  const at = stepTime(state, input, now, 'received');
  if (state.closedAt && Date.parse(at) < Date.parse(state.closedAt)) refuse(`"at" (${input.at}) is before the case was closed (${state.closedAt})`);
  return () => {
    state.satisfaction = { answer: input.satisfaction, recordedAt: at };
    record(state, 'satisfaction-recorded', input.actor, at, now, input.note, { satisfaction: input.satisfaction });
  };
};

/** What the case must be for this command, whatever its input: the plan's first check, and the case page's (../gates.ts). */
export const takeUpAgainGate: Gate = (state, rules = CURRENT_RULES) => {
  if (rules.takeUpAgain === false) refuse('this case started before complaints could be taken up again after court proceedings');
  const outcome = state.outcome;
  if (state.status !== 'closed' || outcome?.kind !== 'not-accepted') {
    refuse(`only a complaint not accepted because of court proceedings can be taken up again; this one is ${state.status === 'closed' ? outcomeText(outcome) : 'open'}`);
  }
  if (outcome.reason !== 'court-proceedings') {
    refuse(
      `this complaint was not accepted for ${outcome.reason}, not because of court proceedings: only a complaint that waited on court proceedings is taken up again when they end (Luton 5.3)`,
    );
  }
};

/**
 * Luton 5.3: a complaint received while court proceedings run "cannot be
 * considered until the court proceedings are completed". Once they are, it
 * is taken up again: Stage 1 with its clocks from the day it is taken up
 * (not from the first receipt, whose days the complainant did not lose to
 * the council), and a letter saying so. Only for that reason: a complaint
 * refused for any other is not waiting on anything.
 */
export const takeUpAgain: Plan<'take-up-again'> = (state, input, now, rules = CURRENT_RULES) => {
  takeUpAgainGate(state, rules);
  const at = stepTime(state, input, now, 'triaged');
  const on = dateOf(at);
  const refusedOn = dateOf(state.steps.triaged ?? state.receivedAt);
  if (input.proceedingsEndedOn > on) refuse(`proceedingsEndedOn (${input.proceedingsEndedOn}) is after the day the complaint is taken up again (${on})`);
  if (input.proceedingsEndedOn < refusedOn) {
    refuse(`proceedingsEndedOn (${input.proceedingsEndedOn}) is before the complaint was not accepted for them (${refusedOn})`);
  }
  return () => {
    const closedOn = dateOf(state.closedAt ?? at);
    state.procedure = 'statutory';
    state.stage = 'stage1';
    state.status = 'in-progress';
    delete state.outcome;
    delete state.closedAt;
    state.steps.triaged = at;
    const label = 'taken up again';
    startTimescale(state, 'stage1.acknowledge', on, label, now);
    startTimescale(state, 'stage1.respond', on, label, now);
    if (state.policy.stage1Clarify) startTimescale(state, 'stage1.clarify', on, label, now);
    record(state, 'taken-up-again', input.actor, at, now, input.note, { proceedingsEndedOn: input.proceedingsEndedOn, closedOn });
    notify(state, 'letter', 'taken-up-again', {
      proceedingsEndedOn: input.proceedingsEndedOn,
      acknowledgeBy: findDeadline(state, 'stage1.acknowledge')!.due,
      respondBy: findDeadline(state, 'stage1.respond')!.due,
    });
  };
};
