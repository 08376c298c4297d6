/**
 * Working-day calendar (PRC official holidays and adjusted working days, 调休).
 *
 * Owns the question "is this date a working day?" and working-day arithmetic. The holiday data
 * is not here: it is one JSON file per year (`calendar/cn-YYYY.json`, validated by
 * `CalendarYearSchema`), loaded by `rules.loader.ts` and passed in, so a court can ship next
 * year's file without a code change. Pure: imports only the date helpers and a type.
 *
 * Outside the years it was given, the calendar falls back to "Monday–Friday" and says so
 * through {@link Calendar.covers}, so callers can flag deadlines computed without data.
 */
import type { CalendarYear } from './rules.schema.ts';
import { addDays, addMonths, daysBetween, fromDayNumber, toDayNumber, weekday } from './dates.ts';

/** Working-day arithmetic over `YYYY-MM-DD` dates. */
export interface Calendar {
  /** The years this calendar has official data for, ascending. */
  readonly years: readonly number[];
  /** True when `date`'s year has official data. */
  covers(date: string): boolean;
  /** Official holiday (放假) date. */
  isHoliday(date: string): boolean;
  /** Adjusted working day (a weekend date declared a working day, 调休上班). */
  isAdjustedWorkday(date: string): boolean;
  /** Working day: not a holiday, and either Monday–Friday or an adjusted working day. */
  isWorkingDay(date: string): boolean;
  /** `date` + `n` calendar days. */
  addDays(date: string, n: number): string;
  /** `date` + `n` calendar months (day clamped to month end). */
  addMonths(date: string, n: number): string;
  /**
   * The `n`-th working day after `date` (`date` itself never counts; n = 5 from a Friday is
   * the following Friday when no holiday intervenes). n = 0 returns `date`; negative n counts
   * backwards.
   */
  addWorkingDays(date: string, n: number): string;
  /** Working days in (`from`, `to`] (negative when `to` < `from`: minus those in (`to`, `from`]). */
  workingDaysBetween(from: string, to: string): number;
  /** Calendar days from `from` to `to`. */
  daysBetween(from: string, to: string): number;
}

/**
 * Build a calendar from validated year files. Throws when two files cover the same year or a
 * date is both a holiday and an adjusted working day (the data would be ambiguous).
 */
export function createCalendar(years: readonly CalendarYear[]): Calendar {
  const holidays = new Set<number>();
  const workdays = new Set<number>();
  const covered = new Set<number>();
  const problems: string[] = [];
  for (const y of years) {
    if (covered.has(y.year)) problems.push(`year ${y.year} given twice`);
    covered.add(y.year);
    for (const h of y.holidays) {
      for (let d = toDayNumber(h.from); d <= toDayNumber(h.to); d++) holidays.add(d);
    }
    for (const w of y.workdays) workdays.add(toDayNumber(w.date));
  }
  for (const d of workdays) if (holidays.has(d)) problems.push(`${fromDayNumber(d)} is both a holiday and a working day`);
  if (problems.length > 0) throw new Error(`invalid holiday calendar: ${problems.join('; ')}`);

  const isWorkingDayNum = (d: number): boolean => {
    if (holidays.has(d)) return false;
    if (workdays.has(d)) return true;
    const wd = (((d + 4) % 7) + 7) % 7;
    return wd !== 0 && wd !== 6;
  };

  return {
    years: [...covered].sort((a, b) => a - b),
    covers: (date) => covered.has(Number(fromDayNumber(toDayNumber(date)).slice(0, 4))),
    isHoliday: (date) => holidays.has(toDayNumber(date)),
    isAdjustedWorkday: (date) => workdays.has(toDayNumber(date)),
    isWorkingDay: (date) => isWorkingDayNum(toDayNumber(date)),
    addDays,
    addMonths,
    addWorkingDays(date, n) {
      let d = toDayNumber(date);
      const step = n < 0 ? -1 : 1;
      for (let left = Math.abs(n); left > 0; ) {
        d += step;
        if (isWorkingDayNum(d)) left--;
      }
      return fromDayNumber(d);
    },
    workingDaysBetween(from, to) {
      const a = toDayNumber(from);
      const b = toDayNumber(to);
      const [lo, hi, sign] = a <= b ? [a, b, 1] : [b, a, -1];
      let count = 0;
      for (let d = lo + 1; d <= hi; d++) if (isWorkingDayNum(d)) count++;
      return sign * count;
    },
    daysBetween,
  };
}

/** Weekday helper re-exported for callers that format dates (0 = Sunday). */
export { weekday };
