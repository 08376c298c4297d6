/**
 * Legal-date arithmetic on `YYYY-MM-DD` strings.
 *
 * Owns the conversion between calendar dates and integer day numbers (days since
 * 1970-01-01). Legal dates in this system are dates in Asia/Shanghai with no time of day, so
 * all arithmetic is done on day numbers (via UTC midnight), never on local `Date` objects:
 * the server's time zone can therefore never shift a deadline by a day. Pure; imports nothing.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `s` is a real calendar date written `YYYY-MM-DD` (years 1000–9999). */
export function isValidIsoDate(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1000 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

/** Number of days of month `month` (1–12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Build a `YYYY-MM-DD` string from parts (no validation). */
export function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Day number (days since 1970-01-01) of a `YYYY-MM-DD` date. Throws on an invalid date. */
export function toDayNumber(date: string): number {
  if (!isValidIsoDate(date)) throw new RangeError(`invalid date ${String(date)} (expected YYYY-MM-DD)`);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Math.round(Date.UTC(y, m - 1, d) / 86_400_000);
}

/** `YYYY-MM-DD` of a day number. */
export function fromDayNumber(day: number): string {
  const dt = new Date(day * 86_400_000);
  return isoDate(dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate());
}

/** Weekday of a date: 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  // 1970-01-01 was a Thursday (4).
  return (((toDayNumber(date) + 4) % 7) + 7) % 7;
}

/** `date` plus `n` calendar days (n may be negative). */
export function addDays(date: string, n: number): string {
  return fromDayNumber(toDayNumber(date) + n);
}

/**
 * `date` plus `n` calendar months; the day is clamped to the end of the target month
 * (2024-08-31 + 6 months = 2025-02-28), which is how a "six-month limit" is counted.
 */
export function addMonths(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  toDayNumber(date); // validates
  const total = y * 12 + (m - 1) + n;
  const ty = Math.floor(total / 12);
  const tm = (total % 12) + 1;
  return isoDate(ty, tm, Math.min(d, daysInMonth(ty, tm)));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** Asia/Shanghai calendar date of an instant (no DST there: a fixed +08:00). */
export function shanghaiDate(at: Date): string {
  return fromDayNumber(Math.floor((at.getTime() + 8 * 3_600_000) / 86_400_000));
}

/** The earlier / later of two dates. */
export function minDate(a: string, b: string): string {
  return a <= b ? a : b;
}
export function maxDate(a: string, b: string): string {
  return a >= b ? a : b;
}
