/**
 * Rules that changed while cases were running. The pure transitions read
 * them; the workflow answers each from `patched()` (workflow.ts, PATCHES), so
 * a history recorded before a change replays under the rule it ran with.
 * Validators, the API's dry runs and unit tests use the current rules.
 */
export interface Rules {
  /**
   * A case closed by staff keeps the complainant's escalation window: a
   * request inside it reopens the case into the next stage, and the closing
   * letter says until when (Rutland 10.1, Luton 13.10 and 14.8: 20 working
   * days to ask). Only the complainant's withdrawal ends it early.
   */
  readonly escalateAfterClose: boolean;
  /** Accepting a late request sends the new stage's acknowledgement letter, which is its acknowledgement. */
  readonly lateAcceptanceLetter: boolean;
  /** Partially held heads (regulation 8) outlive closing, and a letter says which part is deferred and why. */
  readonly partialHoldsSurviveClose: boolean;
  /** A hold logged late also pauses the duties it stopped before they ran out (DOMAIN.md, "Logging the past"). */
  readonly lateHolds: boolean;
  /**
   * After the grace period, a step dated in the past that takes a deadline
   * already shown as missed out of "missed" needs a complaints manager's
   * `backdateReason` (past.ts, `honestBackdate`), which the step's event keeps.
   */
  readonly backdateNeedsReason: boolean;
  /**
   * Adjourning a panel restarts its notice and papers clocks for the new
   * date; one already missed for the old date keeps its miss on the record
   * (a `deadline-superseded` event) instead of vanishing.
   */
  readonly adjournKeepsMisses: boolean;
  /**
   * The Stage 1 response and Stage 2 adjudication letters list the stage's
   * findings: each head's finding and reasons, the remedies, the actions with
   * owner and due date (Luton 14.7, 17.1); before, they were cover notes.
   */
  readonly lettersCarryFindings: boolean;
  /**
   * A panel's report may carry its recommendations: they are kept, a 5-day
   * clock sends them to the complainant (Luton 20.1), and the final response
   * decides on each with the Stage 2 Independent Person (Luton 20.4, 20.8).
   */
  readonly panelRecommendations: boolean;
  /**
   * Under a policy whose team answers corporate complaints (BANES 8.5), a
   * complaint triaged `corporate` stays open with its 15-working-day
   * `corporate.respond` duty instead of being routed out.
   */
  readonly corporateAnswered: boolean;
  /** A complaint not accepted for court proceedings can be taken up again when they end (Luton 5.3). */
  readonly takeUpAgain?: boolean;
  /** Appointing (or replacing) the Stage 2 investigators writes to the complainant who they are and what happens next (RRC guidance). */
  readonly stage2AppointedLetter: boolean;
  /** The agreed statement starts the Stage 2 progress clock, `stage2.progress` (RRC guidance: "You will be kept informed of progress"). */
  readonly stage2Progress: boolean;
  /** The complainant acts on their own case (escalate, answer an extension the council asked for, advocacy, satisfaction, withdraw), and the council may ask for a Stage 2 extension. */
  readonly complainantActions?: boolean;
}

export const CURRENT_RULES: Rules = {
  escalateAfterClose: true,
  lateAcceptanceLetter: true,
  partialHoldsSurviveClose: true,
  lateHolds: true,
  backdateNeedsReason: true,
  adjournKeepsMisses: true,
  lettersCarryFindings: true,
  panelRecommendations: true,
  corporateAnswered: true,
  takeUpAgain: true,
  stage2AppointedLetter: true,
  stage2Progress: true,
  complainantActions: true,
};
