/**
 * The one refusal of every workflow kind's rules: a command the state does
 * not allow, with the reason staff read (the API's 409). Pure: the workflows'
 * kit (workflows/kit/refusal.ts) turns it into the Temporal failure.
 */
export class TransitionRefused extends Error {
  override name = 'TransitionRefused';
}

export function refuse(reason: string): never {
  throw new TransitionRefused(reason);
}
