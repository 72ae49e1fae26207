import type { AnnualReport } from '../../records/report';
import type { Table } from './reports';

/** The annual report's learning, satisfaction, care-flag and equalities tables (records/report-closure.ts), for CSV and HTML. */

const FIELD_NAMES: Record<string, string> = {
  ageBand: 'Age band',
  sex: 'Sex',
  ethnicity: 'Ethnicity',
  disability: 'Disability',
  religion: 'Religion or belief',
  sexualOrientation: 'Sexual orientation',
};

export function closureTables(r: AnnualReport): Table[] {
  return [
    {
      title: 'Learning from complaints: themes by the stage they came from',
      head: ['Theme', 'Stage 1', 'Stage 2', 'Stage 3'],
      rows: r.learning.map((l) => [l.theme, l.stage1, l.stage2, l.stage3]),
      chart: { label: 0, values: [1, 2, 3] },
    },
    {
      title: 'Resolved to the complainant\'s satisfaction? (cases closed)',
      head: ['Answer', 'Cases'],
      rows: r.satisfaction.map((s) => [s.answer, s.cases]),
      chart: { label: 0, values: [1] },
    },
    {
      title: 'Children in care or care-experienced (cases received)',
      head: ['The child', 'Cases'],
      rows: r.childCare.map((c) => [c.flag, c.cases]),
    },
    // Suppressed figures are words ("fewer than 5", "not shown"): no chart.
    ...(['complainant', 'child'] as const).map((subject) => ({
      title: `Equalities monitoring: the ${subject} (cases received; small numbers suppressed)`,
      head: ['Characteristic', 'Answer', 'Cases'],
      rows: Object.entries(r.equalities[subject]).flatMap(([field, table]) => table.map((c) => [FIELD_NAMES[field] ?? field, c.value, c.count])),
    })),
  ];
}
