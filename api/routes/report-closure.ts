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
      about: 'Per theme, how many stages\' learning recorded in the period named it (BANES 5.1).',
    },
    {
      title: 'Resolved to the complainant\'s satisfaction? (cases closed)',
      head: ['Answer', 'Cases'],
      rows: r.satisfaction.map((s) => [s.answer, s.cases]),
      chart: { label: 0, values: [1] },
      about: 'Cases closed in the period, by the complainant\'s latest answer (Luton 13.8).',
    },
    {
      title: 'Children in care or care-experienced (cases received)',
      head: ['The child', 'Cases'],
      rows: r.childCare.map((c) => [c.flag, c.cases]),
      about: 'Cases received in the period, by the child\'s care flag (BANES 3.4).',
    },
    // Suppressed figures are words ("fewer than 5", "not shown"): no chart.
    ...(['complainant', 'child'] as const).map((subject) => ({
      title: `Equalities monitoring: the ${subject} (cases received; small numbers suppressed)`,
      head: ['Characteristic', 'Answer', 'Cases'],
      rows: Object.entries(r.equalities[subject]).flatMap(([field, table]) => table.map((c) => [FIELD_NAMES[field] ?? field, c.value, c.count])),
      about: 'Voluntary answers for cases received in the period, in aggregate only (BANES 3.9): a count of 1 to 4 is shown as "fewer than 5", and another as "not shown" wherever a small one could be worked out from the total.',
    })),
  ];
}
