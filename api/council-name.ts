import { DEFAULT_COUNCIL } from '../domain/council';
import { CouncilStore } from '../records/councils';
import type { Records } from '../records/repository';

/**
 * The name of `council`, as its staff pages and reports show it: the
 * deployment's COUNCIL_NAME for `default`, its councils row's name for any
 * other (its own handle reads its own row only); the id for a council not added.
 */
export async function councilName(records: Records, council: string, deploymentName: string): Promise<string> {
  if (council === DEFAULT_COUNCIL) return deploymentName;
  return (await new CouncilStore(records.forCouncil(council).db).get(council))?.name ?? council;
}
