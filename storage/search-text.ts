/**
 * Chinese full-text search without a segmenter: text becomes overlapping character bigrams
 * ("财产查控" → "财产 产查 查控"), indexed as a 'simple' tsvector; a query of 2+ characters
 * becomes the AND of its bigrams. Latin words and digit runs are kept whole (lower-cased).
 */
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/** Tokens of a text: CJK bigrams (a lone CJK character stays a unigram) and Latin/digit words. */
export function searchTokens(text: string): string[] {
  const out: string[] = [];
  const runs = text.normalize('NFKC').match(/[\u3400-\u9fff\uf900-\ufaff]+|[A-Za-z0-9]+/g) ?? [];
  for (const run of runs) {
    if (CJK.test(run[0]!)) {
      if (run.length === 1) out.push(run);
      for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
    } else out.push(run.toLowerCase());
  }
  return out;
}

/** The document side: distinct tokens, space-separated, for to_tsvector('simple', …). */
export function searchDocument(text: string): string {
  return [...new Set(searchTokens(text))].join(' ');
}

/** The query side: a tsquery string (AND of tokens), or null when nothing searchable remains. */
export function searchQuery(q: string): string | null {
  const tokens = [...new Set(searchTokens(q))];
  if (tokens.length === 0) return null;
  // Tokens are CJK or [a-z0-9] only, so they need no tsquery escaping.
  return tokens.join(' & ');
}
