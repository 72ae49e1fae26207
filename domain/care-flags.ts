/**
 * Whether the child is in care, care-experienced or a care leaver (BANES
 * 2022-23 3.4 and 3.8: young people in care or care experienced, whom the
 * council's Pledge promises to hear). Personal data of the child: kept in
 * the records store on the case (never in the workflow, search attributes or
 * logs), read with the case view, counted in the annual report.
 */
export const CHILD_CARE = ['in-care', 'care-experienced', 'care-leaver', 'none'] as const;
export type ChildCare = (typeof CHILD_CARE)[number];
