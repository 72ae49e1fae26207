import type { CaseView } from '../domain/complaint/state';

/**
 * The `summary` view of a case (domain/access.ts): dates, states, deadlines
 * and counts, for the auditor. An allow-list, so a field added to the case
 * view later stays out until someone decides it belongs here: never people,
 * contact details, the complaint's text, notes, reasons, letters or the ids
 * of the people with a part in the case (UK GDPR Art. 5(1)(c)).
 */
export interface CaseSummary {
  reference: string;
  procedure: CaseView['procedure'];
  stage: CaseView['stage'];
  status: CaseView['status'];
  /** How it ended: its kind and stage, never a reason. */
  outcome: { kind: string; stage?: string } | null;
  team: string | null;
  onHold: boolean;
  receivedAt: string;
  receivedOn: string;
  deadlines: Array<{ key: string; kind: string; due: string; state: string; metAt: string | null; missedAt: string | null; explanation: string }>;
  counts: { events: number; letters: number; findings: number };
}

export function caseSummary(view: CaseView, counts: { letters: number }): CaseSummary {
  return {
    reference: view.reference,
    procedure: view.procedure,
    stage: view.stage,
    status: view.status,
    outcome: view.outcome ? { kind: view.outcome.kind, ...('stage' in view.outcome ? { stage: view.outcome.stage } : {}) } : null,
    team: view.team ?? null,
    onHold: view.onHold,
    receivedAt: view.receivedAt,
    receivedOn: view.receivedOn,
    deadlines: view.deadlines.map((d) => ({
      key: d.key,
      kind: d.kind,
      due: d.due,
      state: d.state,
      metAt: d.metAt,
      missedAt: d.missedAt ?? null, // a worker older than the field answers without it
      explanation: withoutReasons(d.explanation),
    })),
    counts: { events: view.events.length, letters: counts.letters, findings: view.findings.length },
  };
}

/**
 * An explanation keeps its dates and rules; an extension's reason (free
 * text written to the complainant, domain/complaint/clocks.ts) is taken out.
 */
export function withoutReasons(explanation: string): string {
  return explanation.replace(/(extended by \d+ working days) \(.*?\)( →)/g, '$1$2');
}
