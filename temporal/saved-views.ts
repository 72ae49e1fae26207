/**
 * The operators' saved views: Temporal UI list queries over the cases' search
 * attributes (workflows/complaint/search-attributes.ts), linked from the
 * README and checked against SQL visibility on PostgreSQL by the cluster
 * tests (test/cluster/saved-views.test.ts). Plain comparisons joined by AND
 * only, which SQLite and PostgreSQL visibility both answer.
 */
export interface SavedView {
  name: string;
  query: string;
  /** What a case in the view means, and what it leaves out. */
  means: string;
}

export const SAVED_VIEWS: readonly SavedView[] = [
  {
    name: 'Overdue',
    query: 'Overdue = true AND ExecutionStatus = "Running"',
    means: "a duty of the council's past its due date and not yet done (OverdueKey names the oldest)",
  },
  {
    name: 'On hold',
    query: 'OnHold = true AND ExecutionStatus = "Running"',
    means: 'a safeguarding or court hold stops every clock',
  },
  {
    name: 'Stage 2 past 25 working days',
    query: 'ComplaintStage = "stage2" AND OverdueKey = "stage2.respond"',
    means:
      "the Stage 2 adjudication past its due date (25 working days from the agreed statement, or the extended date, at most 65) and the case's oldest duty overdue: a case also behind on an older duty (a progress update) shows in Overdue under that duty's key",
  },
  {
    name: 'Panel not held within 30 working days',
    query: 'ComplaintStage = "stage3" AND OverdueKey = "stage3.panel"',
    means: "the Review Panel has not met within 30 working days of the request, and that is the case's oldest duty overdue (else: Overdue)",
  },
];

/** The Temporal UI's list of a namespace's workflows filtered by `query`. */
export function savedViewUrl(ui: string, namespace: string, query: string): string {
  return `${ui.replace(/\/$/, '')}/namespaces/${encodeURIComponent(namespace)}/workflows?query=${encodeURIComponent(query)}`;
}
