import { describe, expect, it } from 'vitest';
import { addMonths, createCalendar, daysBetween, isValidIsoDate, loadCalendarYears, weekday } from '../../../classifier/index.ts';

const cal = createCalendar(loadCalendarYears());

describe('holiday calendar (data files)', () => {
  it('covers 2024–2026', () => {
    expect(cal.years).toEqual([2024, 2025, 2026]);
    expect(cal.covers('2025-06-01')).toBe(true);
    expect(cal.covers('2027-01-04')).toBe(false);
  });

  it.each([
    ['2024-02-04', true, 'Sunday, adjusted working day (Spring Festival)'],
    ['2024-02-18', true, 'Sunday, adjusted working day'],
    ['2024-02-12', false, 'Spring Festival holiday (Monday)'],
    ['2024-02-09', true, "New Year's Eve 2024 was not an official holiday"],
    ['2024-10-01', false, 'National Day'],
    ['2024-10-07', false, 'National Day (Monday)'],
    ['2024-10-12', true, 'Saturday, adjusted working day'],
    ['2024-09-14', true, 'Saturday before Mid-Autumn'],
    ['2024-05-11', true, 'Saturday after Labour Day'],
    ['2024-03-09', false, 'ordinary Saturday'],
    ['2024-03-11', true, 'ordinary Monday'],
    ['2025-01-01', false, "New Year's Day"],
    ['2025-01-26', true, 'Sunday, adjusted working day'],
    ['2025-01-28', false, "Spring Festival (New Year's Eve)"],
    ['2025-02-04', false, 'Spring Festival last day'],
    ['2025-02-08', true, 'Saturday, adjusted working day'],
    ['2025-04-04', false, 'Qingming'],
    ['2025-04-27', true, 'Sunday before Labour Day'],
    ['2025-05-05', false, 'Labour Day (Monday)'],
    ['2025-06-02', false, 'Dragon Boat (Monday)'],
    ['2025-09-28', true, 'Sunday before National Day'],
    ['2025-10-08', false, 'National Day + Mid-Autumn'],
    ['2025-10-11', true, 'Saturday after National Day'],
    ['2026-01-02', false, "New Year holiday (Friday)"],
    ['2026-01-04', true, 'Sunday, adjusted working day'],
    ['2026-02-16', false, "Spring Festival (New Year's Eve)"],
    ['2026-02-23', false, 'Spring Festival (Monday)'],
    ['2026-02-14', true, 'Saturday, adjusted working day'],
    ['2026-02-28', true, 'Saturday, adjusted working day'],
    ['2026-05-05', false, 'Labour Day (Tuesday)'],
    ['2026-05-09', true, 'Saturday, adjusted working day'],
    ['2026-06-19', false, 'Dragon Boat (Friday)'],
    ['2026-09-25', false, 'Mid-Autumn (Friday)'],
    ['2026-09-20', true, 'Sunday before National Day'],
    ['2026-10-07', false, 'National Day (Wednesday)'],
    ['2026-10-10', true, 'Saturday after National Day'],
  ])('%s working day = %s (%s)', (date, working) => {
    expect(cal.isWorkingDay(date)).toBe(working);
  });

  it('every adjusted working day is a weekend day and no holiday is one', () => {
    for (const y of loadCalendarYears()) {
      for (const w of y.workdays) expect([0, 6]).toContain(weekday(w.date));
    }
  });
});

describe('working-day arithmetic', () => {
  it('addWorkingDays skips the National Day holiday and counts the adjusted Saturday', () => {
    // GIVEN Monday 2024-09-30 (next day Oct 1 starts a 7-day holiday; Sat Oct 12 is a working day)
    // WHEN adding 5 working days
    // THEN Oct 8, 9, 10, 11, 12 are counted
    expect(cal.addWorkingDays('2024-09-30', 5)).toBe('2024-10-12');
    expect(cal.addWorkingDays('2024-09-30', 6)).toBe('2024-10-14');
  });

  it('addWorkingDays across Spring Festival 2025 and backwards', () => {
    expect(cal.addWorkingDays('2025-01-24', 1)).toBe('2025-01-26');
    expect(cal.addWorkingDays('2025-01-27', 1)).toBe('2025-02-05');
    expect(cal.addWorkingDays('2025-02-05', -1)).toBe('2025-01-27');
    expect(cal.addWorkingDays('2024-03-08', 0)).toBe('2024-03-08');
    expect(cal.addWorkingDays('2024-03-08', 5)).toBe('2024-03-15');
  });

  it('workingDaysBetween counts (from, to]', () => {
    expect(cal.workingDaysBetween('2024-09-30', '2024-10-12')).toBe(5);
    expect(cal.workingDaysBetween('2024-10-12', '2024-09-30')).toBe(-5);
    expect(cal.workingDaysBetween('2024-03-08', '2024-03-08')).toBe(0);
  });

  it('falls back to Monday–Friday outside the covered years', () => {
    expect(cal.isWorkingDay('2027-01-01')).toBe(true); // no data: a Friday
    expect(cal.addWorkingDays('2027-01-01', 1)).toBe('2027-01-04');
  });

  it('date helpers do not drift with time zones or month ends', () => {
    expect(addMonths('2024-02-20', 6)).toBe('2024-08-20');
    expect(addMonths('2024-08-31', 6)).toBe('2025-02-28');
    expect(addMonths('2023-11-30', 3)).toBe('2024-02-29');
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(cal.addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(isValidIsoDate('2025-02-29')).toBe(false);
    expect(() => cal.isWorkingDay('2024-13-01')).toThrow(RangeError);
  });

  it('rejects contradictory calendar data', () => {
    expect(() =>
      createCalendar([
        { year: 2024, source: 'x', verified: true, holidays: [{ name: 'h', from: '2024-10-01', to: '2024-10-07' }], workdays: [{ name: 'w', date: '2024-10-03' }] },
      ]),
    ).toThrow(/both a holiday and a working day/);
  });
});
