import { getPolicy, type Policy } from '../domain/policy';
import type { Records } from '../records/repository';
import { notServedProblem } from './council-clients';

/** A body names a policy its council does not follow: refused, field `policy`, nothing changed. */
export class PolicyNotTheCouncils extends Error {}

/**
 * Which policy a new case of the request's council starts on, given the one
 * its body names, if any: the one home of that rule for the API, the staff
 * form, bulk import, the conduct protocol and the public form.
 *
 * `default` (the embedded default) starts on the deployment's DEFAULT_POLICY
 * and may name any shipped policy, as a tester comparing profiles does.
 * Another council starts on the policy its councils row names, at the
 * version the row pins (`npm run council -- add … --policy`); a body may name
 * that policy, and no other: another council's policy there is a mistake,
 * refused rather than followed.
 *
 * Asked once per request (an import's thousand rows share one answer).
 * @returns a chooser that throws PolicyError (unknown policy or version) or PolicyNotTheCouncils.
 */
export async function councilPolicy(records: Records, deploymentDefault: string): Promise<(named?: string) => Policy> {
  const council = records.council;
  const listing = await records.councils.find(council);
  if (!listing) throw notServedProblem(council);
  const { settings } = listing;
  // No settings of its own: `default`, on the deployment's.
  if (!settings) return (named) => getPolicy(named ?? deploymentDefault);
  return (named) => {
    if (named !== undefined && named !== settings.policyId) {
      throw new PolicyNotTheCouncils(`${settings.name} follows the policy ${settings.policyId}; leave policy out, or name ${settings.policyId}, not ${named}`);
    }
    return getPolicy(settings.policyId, settings.policyVersion);
  };
}
