import { describe, expect, it } from 'vitest';
import bankHolidaysJson from '../../domain/bank-holidays.json';
import { DIVISIONS, bankHolidayFileSchema, parseBankHolidayFile } from '../../domain/bank-holidays';

type Json = Record<string, { division: string; events: Record<string, unknown>[] }>;
const clone = (): Json => JSON.parse(JSON.stringify(bankHolidaysJson));

describe('the repository file', () => {
  const file = parseBankHolidayFile(bankHolidaysJson);

  it.each(DIVISIONS)('%s covers 2019 to 2028, sorted', (division) => {
    const dates = file[division].events.map((e) => e.date);
    expect(file[division].division).toBe(division);
    expect(dates[0]?.startsWith('2019-')).toBe(true);
    expect(dates.at(-1)?.startsWith('2028-')).toBe(true);
    expect([...dates].sort()).toEqual(dates);
    for (let year = 2019; year <= 2028; year += 1) {
      expect(dates.some((d) => d.startsWith(`${year}-`))).toBe(true);
    }
  });

  it('holds the one-off England and Wales days', () => {
    const titles = new Map(file['england-and-wales'].events.map((e) => [e.date, e.title]));
    expect(titles.get('2020-05-08')).toBe('Early May bank holiday (VE day)');
    expect(titles.get('2022-06-02')).toBe('Spring bank holiday');
    expect(titles.get('2022-06-03')).toBe('Platinum Jubilee bank holiday');
    expect(titles.get('2022-09-19')).toBe('Bank Holiday for the State Funeral of Queen Elizabeth II');
    expect(titles.get('2023-05-08')).toBe('Bank holiday for the coronation of King Charles III');
  });
});

describe('parseBankHolidayFile', () => {
  it('sorts events', () => {
    const json = clone();
    json['scotland']!.events.reverse();
    const dates = parseBankHolidayFile(json).scotland.events.map((e) => e.date);
    expect([...dates].sort()).toEqual(dates);
  });

  const BROKEN: [string, (j: Json) => void, RegExp][] = [
    [
      'a missing division',
      (j) => {
        delete j['northern-ireland'];
      },
      /northern-ireland: division is missing/,
    ],
    [
      'a mislabelled division',
      (j) => {
        j['scotland']!.division = 'england-and-wales';
      },
      /scotland\.division: must be "scotland"/,
    ],
    [
      'a date that does not exist',
      (j) => {
        j['england-and-wales']!.events[3]!.date = '2027-02-29';
      },
      /england-and-wales\.events\.3\.date: "2027-02-29" is not a real date/,
    ],
    [
      'a malformed date',
      (j) => {
        j['england-and-wales']!.events[0]!.date = '1/1/2019';
      },
      /england-and-wales\.events\.0\.date/,
    ],
    [
      'a duplicate date',
      (j) => {
        j['england-and-wales']!.events[1]!.date = '2019-01-01';
      },
      /england-and-wales\.events\.1\.date: duplicate date 2019-01-01/,
    ],
    [
      'an empty title',
      (j) => {
        j['scotland']!.events[0]!.title = ' ';
      },
      /scotland\.events\.0\.title: must not be empty/,
    ],
    [
      'bunting not a boolean',
      (j) => {
        j['scotland']!.events[0]!.bunting = 'yes';
      },
      /scotland\.events\.0\.bunting/,
    ],
    [
      'events not a list',
      (j) => {
        (j['scotland'] as { events: unknown }).events = {};
      },
      /scotland\.events: must be a list of events/,
    ],
  ];

  it.each(BROKEN)('refuses %s, naming the path', (_name, breakIt, message) => {
    const json = clone();
    breakIt(json);
    expect(() => parseBankHolidayFile(json)).toThrow(message);
  });

  it('lists every problem at once', () => {
    const json = clone();
    json['england-and-wales']!.events[0]!.date = '2027-02-29';
    json['scotland']!.events[0]!.notes = 7 as never;
    const result = bankHolidayFileSchema().safeParse(json);
    expect(result.success).toBe(false);
    expect(() => parseBankHolidayFile(json)).toThrow(
      /england-and-wales\.events\.0\.date[\s\S]*scotland\.events\.0\.notes/,
    );
  });

  it('refuses things that are not a holidays file at all', () => {
    expect(() => parseBankHolidayFile(null)).toThrow(/invalid bank holidays file/);
    expect(() => parseBankHolidayFile([])).toThrow(/invalid bank holidays file/);
  });
});
