import { findDeadline, meetDeadline, startTimescale } from '../clocks';
import { close } from '../closing';
import type { CommandInput } from '../commands';
import type { PanelDecision, PanelDecisionKind, PanelRecommendation } from '../commands-stage3end';
import { CURRENT_RULES } from '../rules';
import type { ComplaintState, Notice, NoticeItem } from '../state';
import { dateOf, notify, notifyDeferredHeads, OMBUDSMAN_DETAILS, record, refuse, requireNotOnHold, requireStage, stepTime, type Gate, type Plan } from './common';

/**
 * The end of Stage 3. The panel's report with its recommendations (Luton
 * 19.12; Rutland 10.1: within 5 working days of the panel); the complainant
 * told them within 5 working days and that they go to the Director (Luton
 * 20.1); the Director's response within 15 working days (Rutland 10.1, Luton
 * 20.5), a decision on each recommendation taken with the Stage 2
 * Independent Person (Luton 20.4), with reasons where it departs from the
 * panel (Luton 20.8) and the right to go to the Ombudsman (Luton 20.9).
 * A report recorded without its recommendations (before
 * complaint.panel-recommendations, or a client that does not give them) ends
 * as it always did: a final response that encloses the Director's answer.
 */

/** What the case must be for this command, whatever its input: the plan's first check, and the case page's (../gates.ts). */
export const panelReportGate: Gate = (state) => {
  requireStage(state, 'stage3');
  requireNotOnHold(state);
  if (!state.steps.panelHeld) refuse('the panel has not met yet');
  if (state.steps.panelReport) refuse(`the panel's report was already received at ${state.steps.panelReport}`);
};

export const panelReport: Plan<'panel-report'> = (state, input, now, rules = CURRENT_RULES) => {
  panelReportGate(state);
  const at = stepTime(state, input, now, 'panelHeld');
  return () => {
    meetDeadline(state, 'stage3.panelReport', at);
    state.steps.panelReport = at;
    startTimescale(state, 'stage3.finalResponse', dateOf(at), "panel's report received", now);
    // complaint.panel-recommendations: asked only of a report that carries them, so older histories never meet it.
    const recommendations = input.recommendations !== undefined && rules.panelRecommendations ? input.recommendations : undefined;
    if (recommendations) {
      state.stage3!.recommendations = recommendations;
      startTimescale(state, 'stage3.recommendations', dateOf(at), "panel's report received", now);
    }
    record(state, 'panel-report-received', input.actor, at, now, input.note, recommendations ? { recommendations: idsOf(recommendations) } : undefined);
  };
};

/** What the case must be for this command, whatever its input: the plan's first check, and the case page's (../gates.ts). */
export const shareRecommendationsGate: Gate = (state) => {
  requireStage(state, 'stage3');
  requireNotOnHold(state);
  if (!state.steps.panelReport) refuse("the panel's report has not been received yet");
};

export const shareRecommendations: Plan<'share-recommendations'> = (state, input, now) => {
  shareRecommendationsGate(state);
  const recommendations = state.stage3!.recommendations;
  if (!recommendations) refuse("the panel's report was recorded without its recommendations: the final response encloses them");
  if (state.steps.recommendationsShared) refuse(`the panel's recommendations were already sent to the complainant at ${state.steps.recommendationsShared}`);
  const at = stepTime(state, input, now, 'panelReport');
  return () => {
    meetDeadline(state, 'stage3.recommendations', at);
    state.steps.recommendationsShared = at;
    record(state, 'recommendations-shared', input.actor, at, now, input.note, { recommendations: idsOf(recommendations) });
    notify(state, 'letter', 'panel-recommendations', {
      recommendations: recommendations.map((r): NoticeItem => ({ id: r.id, text: oneLine(r.text) })),
      ...(recommendations.length === 0 ? { noRecommendations: true } : {}),
      ...(state.stage2?.independentPerson ? { independentPerson: true } : {}),
      // The Director's date (Luton 20.5); past.ts leaves it out of a letter sent after it.
      respondBy: findDeadline(state, 'stage3.finalResponse')?.due ?? null,
    });
  };
};

/** What the case must be for this command, whatever its input: the plan's first check, and the case page's (../gates.ts). */
export const finalResponseGate: Gate = (state) => {
  requireStage(state, 'stage3');
  requireNotOnHold(state);
  if (!state.steps.panelReport) refuse("the panel's report has not been received yet");
};

export const finalResponse: Plan<'final-response'> = (state, input, now, rules) => {
  finalResponseGate(state);
  const recommendations = state.stage3!.recommendations;
  if (recommendations) checkDecisions(state, recommendations, input);
  else if (input.decisions !== undefined || input.independentPerson !== undefined) {
    refuse("the panel's report was recorded without its recommendations, so there are none to decide on here: record the final response without decisions");
  }
  const at = stepTime(state, input, now, 'panelReport');
  return () => {
    meetDeadline(state, 'stage3.finalResponse', at);
    if (input.findings) state.findings.push({ stage: 'stage3', findings: input.findings, recordedAt: at });
    if (recommendations) {
      // The letter lists every recommendation, so it tells the complainant of them if nothing did before (Luton 20.1).
      meetDeadline(state, 'stage3.recommendations', at);
      state.stage3!.decisions = input.decisions ?? [];
      if (input.independentPerson) state.stage3!.consideredWith = input.independentPerson.id;
    }
    const decided = recommendations ? decidedDetail(recommendations, input.decisions ?? [], input.independentPerson !== undefined) : undefined;
    record(state, 'final-response', input.actor, at, now, input.note, decided && { decisions: (input.decisions ?? []).map((d) => `${d.recommendation}:${d.decision}`).join(','), ...(input.independentPerson ? { independentPerson: input.independentPerson.id } : {}) });
    notify(state, 'letter', 'stage3-final-response', { ...decided, ombudsman: OMBUDSMAN_DETAILS });
    close(state, { kind: 'completed' }, at, now, rules);
    notifyDeferredHeads(state);
  };
};

/** Every recommendation decided exactly once (repeats are the schema's 400), with the Stage 2 Independent Person (Luton 20.4). */
function checkDecisions(state: ComplaintState, recommendations: PanelRecommendation[], input: CommandInput<'final-response'>): void {
  const decisions = input.decisions ?? [];
  const ids = recommendations.map((r) => r.id);
  const unknown = decisions.filter((d) => !ids.includes(d.recommendation)).map((d) => d.recommendation);
  if (unknown.length > 0) {
    refuse(`${listed(unknown)} ${unknown.length > 1 ? 'are' : 'is'} not among the panel's recommendations (${ids.length > 0 ? listed(ids) : 'the panel made none'})`);
  }
  const missing = ids.filter((id) => !decisions.some((d) => d.recommendation === id));
  if (missing.length > 0) refuse(`the Director's decision on every recommendation of the panel is required: none is given for ${listed(missing)}`);
  const appointed = state.stage2?.independentPerson;
  const named = input.independentPerson?.id;
  if (appointed && named === undefined) {
    refuse(`name the Independent Person appointed at Stage 2 (${appointed.id}), who considers the panel's recommendations with the Director`);
  }
  if (appointed && named !== appointed.id) {
    refuse(`${named} is not the Independent Person appointed at Stage 2 (${appointed.id}), who considers the panel's recommendations with the Director`);
  }
  if (!appointed && named !== undefined) refuse(`no Independent Person was appointed at Stage 2 on this case, so ${named} cannot be recorded as the one`);
}

/** Template flags per decision: the council's template words each one. */
const DECISION_FLAGS: Record<PanelDecisionKind, string> = { accepted: 'accepted', 'accepted-in-part': 'acceptedInPart', 'not-accepted': 'notAccepted' };

/** What the final response lists: each recommendation in the panel's words, the decision and the reasons given. */
function decidedDetail(recommendations: PanelRecommendation[], decisions: PanelDecision[], withIndependentPerson: boolean): Notice['detail'] {
  return {
    decided: true,
    decisions: recommendations.map((r): NoticeItem => {
      const d = decisions.find((x) => x.recommendation === r.id)!;
      return { recommendation: r.id, text: oneLine(r.text), decision: d.decision, [DECISION_FLAGS[d.decision]]: true, ...(d.reasons ? { reasons: oneLine(d.reasons) } : {}) };
    }),
    ...(recommendations.length === 0 ? { noRecommendations: true } : {}),
    ...(withIndependentPerson ? { independentPerson: true } : {}),
  };
}

function idsOf(recommendations: PanelRecommendation[]): string {
  return recommendations.map((r) => r.id).join(',');
}

/** The panel's words on one line, so each recommendation stays one item of the letter's list. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}

function listed(ids: string[]): string {
  return ids.length === 1 ? ids[0]! : `${ids.slice(0, -1).join(', ')} and ${ids.at(-1)!}`;
}
