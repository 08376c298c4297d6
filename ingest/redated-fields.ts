/** Re-dating a document's fields once its misread date is settled. Pure. */

/** The fields with the misread date (the filing approval's 立案日期 read as another day) set to the day another source gives (the register's filing day, the reading after the case's other acts). */
export function redated(fields: Record<string, unknown>, misread: string | null, date: string, why: string): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields).map(([k, v]) => {
      const f = v as { value?: unknown; reason?: string };
      return [k, f?.value === misread ? { ...f, value: date, reason: `${f.reason ?? ''}; read ${misread}, ${why} ${date}` } : v];
    }),
  );
}
