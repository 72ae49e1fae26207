import { advocacyStanding } from '../advocacy';
import { record, refuse, stepTime, type Plan } from './common';

/**
 * The `advocacy` command (s.26A Children Act 1989; Luton 3.6 and 5.2, Rutland
 * 12.1-12.2, BANES 3.5-3.7): an offer, its answer, an advocate joining or
 * leaving. At any stage and on a closed case still running (its window open,
 * or the year it stays open to a late request): an advocate may join at any
 * point. An answer needs an offer to answer; an advocate leaves only after
 * joining.
 */
export const advocacy: Plan<'advocacy'> = (state, input, now) => {
  const steps = state.advocacy ?? [];
  const standing = advocacyStanding(steps, input.to);
  const whose = input.to === 'child' ? 'the child' : 'the complainant';
  if ((input.event === 'accepted' || input.event === 'declined') && !standing.offeredAt) {
    refuse(`no offer of advocacy to ${whose} is recorded: record the offer first (event offered)`);
  }
  if ((input.event === 'accepted' || input.event === 'declined') && standing.answer) {
    refuse(`${whose} already ${standing.answer} the offer made at ${standing.offeredAt}: record a new offer first`);
  }
  if (input.event === 'advocate-left' && !standing.hasAdvocate) refuse(`no advocate is working with ${whose}`);
  if (input.event === 'advocate-joined' && standing.hasAdvocate) refuse(`an advocate is already working with ${whose}`);
  const at = stepTime(state, input, now, 'received');
  const answering = input.event === 'accepted' || input.event === 'declined';
  if (answering && Date.parse(at) < Date.parse(standing.offeredAt!)) refuse(`"at" (${at}) is before the offer (${standing.offeredAt})`);
  return () => {
    state.advocacy = [...steps, { event: input.event, to: input.to, at, ...(input.service ? { service: input.service } : {}) }];
    record(state, `advocacy-${input.event}`, input.actor, at, now, input.note, { to: input.to, ...(input.service ? { service: input.service } : {}) });
  };
};
