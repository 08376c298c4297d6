/**
 * Lost-title bench (`npm run bench:titles-lost -- --seeds 61,62 [--mode lost|garble]`): what the
 * classifier does with a first page whose title the OCR lost. Bold titles under noise are the
 * line OCR loses most, and the corpus loses too few of them to measure the untitled-page rules
 * (classifier/untitled-page.ts) on; so every labelled first page whose title the classifier
 * matched is classified again with that title line dropped (`lost`) or with two glyphs of every
 * three replaced by 口 (`garble`). Each page lands in one of four outcomes:
 * - auto right / auto wrong: filed without a clerk (auto wrong is the costly, silent error);
 * - review right / review wrong: sent to a clerk, with the right or a wrong form suggested.
 *
 * Reads the OCR results an accuracy run saved (`npm run bench:accuracy -- --seed S --ocr-json
 * FILE`): `--ocr-json` takes a pattern with `{seed}`, default `.tmp/ocr{seed}.json`; seeds whose
 * file is missing are skipped and named. `--list` prints every page that is not right.
 * Pure classification, no OCR: seconds per seed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { loadRules, reviewReasons } from '../classifier/index.ts';
import { classifyPageWithCodes } from '../ingest/split-classify.ts';
import type { OcrBox } from '../storage/schema.ts';
import { pageCacheKey } from '../tests/fixtures/corpus-render.ts';
import { generateCorpus } from '../tests/fixtures/corpus.ts';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** The review threshold, as the pipeline's (config.ts: REVIEW_CONFIDENCE, default 0.6). */
const REVIEW_CONFIDENCE = Number(process.env.REVIEW_CONFIDENCE ?? 0.6);

type Mode = 'lost' | 'garble';
interface SavedPage {
  text: string;
  lines: OcrBox[];
  blank: boolean;
  codes?: string[];
}

/** Two glyphs of every three of the title line lost to noise (口), the third kept. */
const garble = (line: string): string => [...line].map((g, i) => (i % 3 === 1 ? g : '口')).join('');

/** The page with its title line (0-based `at`) dropped or garbled. */
function withoutTitle(page: SavedPage, at: number, mode: Mode): { text: string; lines: OcrBox[]; codes: string[] } {
  const lines = mode === 'lost' ? page.lines.filter((_, i) => i !== at) : page.lines.map((l, i) => (i === at ? { ...l, t: garble(l.t) } : l));
  return { text: lines.map((l) => l.t).join('\n'), lines, codes: [] };
}

function main(): void {
  const seeds = (arg('seeds') ?? arg('seed') ?? '').split(',').filter(Boolean).map(Number);
  if (seeds.length === 0) throw new Error('--seeds S1,S2,… is required (seeds whose OCR results were saved with bench:accuracy --ocr-json)');
  const mode = (arg('mode') ?? 'lost') as Mode;
  if (mode !== 'lost' && mode !== 'garble') throw new Error('--mode takes lost or garble');
  const pattern = arg('ocr-json') ?? '.tmp/ocr{seed}.json';
  const rules = loadRules();
  const tally = { autoRight: 0, autoWrong: 0, reviewRight: 0, reviewWrong: 0 };
  const notRight: string[] = [];
  const read: number[] = [];
  for (const seed of seeds) {
    const file = pattern.replace('{seed}', String(seed));
    if (!existsSync(file)) {
      process.stderr.write(`seed ${seed}: ${file} missing, skipped\n`);
      continue;
    }
    read.push(seed);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Record<string, SavedPage>;
    const corpus = generateCorpus({ seed });
    for (const b of corpus.batches) {
      for (const d of b.documents) {
        const p = b.pages[d.pages[0] as number];
        const page = p ? saved[pageCacheKey(p.spec, p.scan)] : undefined;
        if (!page || page.blank) continue;
        const c = classifyPageWithCodes({ text: page.text, lines: page.lines, codes: page.codes ?? [] }, rules);
        const title = c.reasons.map((r) => /^title matched .* at line (\d+)/.exec(r)).find((m) => m !== null);
        if (!title) continue;
        const again = classifyPageWithCodes(withoutTitle(page, Number(title[1]) - 1, mode), rules);
        // As the pipeline decides (before the case register is consulted): a page with no case
        // number, or below the threshold, waits for a clerk.
        const review = reviewReasons(again, REVIEW_CONFIDENCE, rules.nodes).length > 0;
        const suggested = again.formType !== 'other' ? again.formType : (again.alternatives[0]?.formType ?? 'other');
        const shown = review ? suggested : again.formType;
        const right = shown === d.formType;
        tally[review ? (right ? 'reviewRight' : 'reviewWrong') : right ? 'autoRight' : 'autoWrong']++;
        if (!right) notRight.push(`${review ? 'review' : 'AUTO  '} seed ${seed} ${d.id}: ${d.formType} → ${shown}`);
      }
    }
  }
  const n = tally.autoRight + tally.autoWrong + tally.reviewRight + tally.reviewWrong;
  console.log(`Lost-title bench — mode ${mode}, seeds ${read.join(', ') || '(none)'}: ${n} first pages whose title was matched, classified again without it`);
  console.log(`  filed without a clerk   right ${tally.autoRight}, wrong ${tally.autoWrong} (silent)`);
  console.log(`  sent to a clerk         right form suggested ${tally.reviewRight}, wrong form suggested ${tally.reviewWrong}`);
  if (process.argv.includes('--list')) for (const l of notRight) console.log(`  ${l}`);
}

main();
