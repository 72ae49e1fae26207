/**
 * Spreading a case's clock wakes across a window after the instant they are
 * for. Thousands of statutory clocks end at the same midnight in London (and
 * their reminders fall at the same 09:00): were every case to wake on the
 * instant, the worker would run them all at once and the last would be late
 * by the whole storm. Each case instead wakes at an offset of its own within
 * the window, then judges its clocks at the instant they were for, so a due
 * date, a `missedAt` and which day a step is late never depend on the offset
 * (workflows/complaint/workflow.ts, complaint.wake-spread).
 *
 * Pure and deterministic (no clock, no randomness): the workflow computes it,
 * and replay computes it again the same.
 */

/** The window the API gives new cases unless DEADLINE_WAKE_SPREAD says otherwise (seconds there, ms here). */
export const DEFAULT_WAKE_SPREAD_MS = 5 * 60_000;

/** The longest window accepted: a wake later than this after midnight would start to look like a late clock. */
export const MAX_WAKE_SPREAD_MS = 60 * 60_000;

/** FNV-1a, 32 bits: small, fast, and the same on every platform. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * The offset, in whole ms in [0, spreadMs), at which the case `reference`
 * wakes for the instant `at`. It depends on the instant too, so the same case
 * is not always the last to wake.
 */
export function wakeOffset(reference: string, at: number, spreadMs: number): number {
  if (!(spreadMs > 0)) return 0;
  // A final avalanche step: FNV-1a's low bits alone vary little between similar references.
  let h = fnv1a(`${reference}@${at}`);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = (h ^ (h >>> 13)) >>> 0;
  return h % Math.floor(spreadMs);
}

/** When the case wakes for a clock instant `at`: the instant itself plus its own offset. */
export function spreadWake(reference: string, at: number, spreadMs: number | undefined): number {
  return at + wakeOffset(reference, at, spreadMs ?? 0);
}
