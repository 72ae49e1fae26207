/**
 * Equalities monitoring (BANES 2022-23 3.9-3.10; Luton 13.7: age, race,
 * religion and beliefs, sex, sexuality and disability): voluntary answers
 * about the complainant and the child, each optional, each with "prefer not
 * to say". Special category data (UK GDPR Art. 9): held apart from the case
 * (records/equalities.ts), read per case only through the `equalities` view
 * (domain/access.ts), and reported only in aggregate with small numbers
 * suppressed (`suppress`). Pure.
 */

export const PREFER_NOT = 'prefer-not-to-say';

export const EQUALITIES_FIELDS = {
  // BANES 3.9 reports under 25, 25 to 44, 45 and over: these bands nest in them.
  ageBand: ['under-11', '11-15', '16-17', '18-24', '25-44', '45-64', '65-plus', PREFER_NOT],
  sex: ['female', 'male', 'other', PREFER_NOT],
  // The census 2021 groups for England.
  ethnicity: [
    'white-british',
    'white-irish',
    'white-gypsy-or-irish-traveller',
    'white-roma',
    'white-other',
    'mixed-white-black-caribbean',
    'mixed-white-black-african',
    'mixed-white-asian',
    'mixed-other',
    'asian-indian',
    'asian-pakistani',
    'asian-bangladeshi',
    'asian-chinese',
    'asian-other',
    'black-african',
    'black-caribbean',
    'black-other',
    'arab',
    'other',
    PREFER_NOT,
  ],
  disability: ['yes', 'no', PREFER_NOT],
  religion: ['none', 'christian', 'buddhist', 'hindu', 'jewish', 'muslim', 'sikh', 'other', PREFER_NOT],
  sexualOrientation: ['heterosexual', 'gay-or-lesbian', 'bisexual', 'other', PREFER_NOT],
} as const;
export type EqualitiesField = keyof typeof EQUALITIES_FIELDS;
export const EQUALITIES_FIELD_NAMES = Object.keys(EQUALITIES_FIELDS) as EqualitiesField[];
export const EQUALITIES_SUBJECTS = ['complainant', 'child'] as const;
export type EqualitiesSubject = (typeof EQUALITIES_SUBJECTS)[number];

/** A count as reported: exact, fewer than 5, or not shown so that no such figure can be worked out. */
export type Figure = number | typeof FEWER_THAN_5 | typeof NOT_SHOWN;
export const FEWER_THAN_5 = 'fewer than 5';
export const NOT_SHOWN = 'not shown';
export const SMALLEST_SHOWN = 5;

/**
 * Small-number suppression of one table whose total is known (it is the
 * cases received, shown elsewhere in the report). A count of 1 to 4 is
 * shown as "fewer than 5". The total minus the cells shown gives the sum of
 * those hidden, which pins a hidden count down when it is the only one, or
 * when every hidden cell is "fewer than 5" and they sum to 4 each. So
 * others are hidden with them, the smallest first (a zero last), until
 * neither holds: a count of 5 or more hidden is "not shown", a zero hidden
 * is truthfully "fewer than 5". A table still pinned with nothing left to
 * hide (every count exactly 4) is withheld whole: "not shown" in every cell.
 * test/records/report-closure.test.ts proves no hidden count can be worked
 * out, over every small table.
 */
export function suppress(counts: ReadonlyArray<{ value: string; count: number }>): Array<{ value: string; count: Figure }> {
  const hidden = new Set(counts.filter((c) => c.count > 0 && c.count < SMALLEST_SHOWN).map((c) => c.value));
  const pinned = () => {
    const cells = counts.filter((c) => hidden.has(c.value));
    const small = cells.filter((c) => c.count < SMALLEST_SHOWN);
    return cells.length === 1 || (small.length === cells.length && cells.reduce((n, c) => n + c.count, 0) === (SMALLEST_SHOWN - 1) * small.length);
  };
  while (hidden.size > 0 && pinned()) {
    const shown = counts.filter((c) => !hidden.has(c.value)).sort((a, b) => a.count - b.count);
    const next = shown.find((c) => c.count > 0) ?? shown[0];
    if (!next) return counts.map((c) => ({ value: c.value, count: NOT_SHOWN }));
    hidden.add(next.value);
  }
  return counts.map((c) => ({ value: c.value, count: !hidden.has(c.value) ? c.count : c.count < SMALLEST_SHOWN ? FEWER_THAN_5 : NOT_SHOWN }));
}
