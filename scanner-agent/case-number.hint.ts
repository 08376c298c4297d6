/**
 * Batch hints from names: a case number (案号) found in a file name or in the name of the
 * sub-folder it sits in, sent to the server as `X-Case-Number`.
 *
 * Owns only name parsing; imports nothing. It is a hint, not a judgement: the server parses
 * and normalises it again, so this accepts the spellings clerks type into names (half- or
 * full-width brackets, no brackets, the legacy `字第` form, full-width digits) and returns the
 * canonical-looking form `（2024）苏0205执1234号`.
 */

// year · court code (最高法, province + 2/4 digits, or a legacy short name) · enforcement type
// (must contain 执/保/惩/救, e.g. 执, 执恢, 执保, 财保, 司惩) · optional 字第 · number · optional 号.
const CASE_NUMBER =
  /[([〔【]?\s*((?:19|20)\d{2})\s*[)\]〕】]?\s*(最高法|[\u4e00-\u9fff]{1,4}\d{0,4})\s*([\u4e00-\u9fff]{0,2}?[执保惩救][\u4e00-\u9fff]{0,2}?)\s*(字第)?\s*(\d{1,6})\s*号?/u;

/** The case number inside `name`, in canonical form, or null. */
export function caseNumberInName(name: string): string | null {
  // NFKC folds full-width digits and brackets to ASCII, so one pattern covers both widths.
  const text = name.normalize('NFKC').replace(/\s+/g, '');
  const m = CASE_NUMBER.exec(text);
  if (!m) return null;
  const [, year, court, type, legacy, num] = m;
  return `（${year}）${court}${type}${legacy ?? ''}${num}号`;
}

/**
 * Case-number hint for a file at `relPath` (relative to the hot folder, `/`-separated): the file
 * name wins (it is the most specific), then the nearest enclosing sub-folder.
 */
export function caseNumberHint(relPath: string): string | null {
  const parts = relPath.split(/[\\/]/).filter(Boolean);
  for (let i = parts.length - 1; i >= 0; i--) {
    const part = parts[i] ?? '';
    const name = i === parts.length - 1 ? part.replace(/\.[^.]+$/, '') : part;
    const hit = caseNumberInName(name);
    if (hit) return hit;
  }
  return null;
}
