/**
 * Loads rule files and holiday calendars from disk and validates them.
 *
 * This is the only classifier module that touches the file system (node:fs). It reads JSON,
 * validates it with the schemas of `rules.schema.ts`, cross-checks the two rule files, and
 * throws one {@link RulesValidationError} listing *every* problem, so a court editing its
 * rules sees all mistakes at once. The pure classifier functions take the parsed result as an
 * argument and never call this module.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import type { z } from 'zod';
import {
  CalendarYearSchema,
  FormRulesSchema,
  NodeRulesSchema,
  crossCheckRules,
  type CalendarYear,
  type Rules,
} from './rules.schema.ts';

const HERE = dirname(fileURLToPath(import.meta.url));

/** Paths of the rule files shipped with the code. */
export const DEFAULT_RULE_PATHS = {
  forms: join(HERE, 'rules', 'forms.default.json'),
  nodes: join(HERE, 'rules', 'nodes.default.json'),
} as const;

/** Folder of the shipped holiday calendars (`cn-YYYY.json`). */
export const DEFAULT_CALENDAR_DIR = join(HERE, 'calendar');

/** A rule or calendar file that is missing, not JSON, or not valid; `problems` lists each issue. */
export class RulesValidationError extends Error {
  override readonly name = 'RulesValidationError';
  constructor(readonly problems: readonly string[]) {
    super(`invalid classifier rules:\n  - ${problems.join('\n  - ')}`);
  }
}

function readJson(path: string, problems: string[]): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    problems.push(`${path}: cannot read (${(err as Error).message})`);
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    problems.push(`${path}: not valid JSON (${(err as Error).message})`);
    return undefined;
  }
}

function validate<S extends z.ZodType>(schema: S, data: unknown, path: string, problems: string[]): z.infer<S> | undefined {
  if (data === undefined) return undefined;
  const result = schema.safeParse(data);
  if (result.success) return result.data as z.infer<S>;
  for (const issue of result.error.issues) {
    const where = issue.path.length > 0 ? issue.path.join('.') : '(root)';
    problems.push(`${path}: ${where}: ${issue.message}`);
  }
  return undefined;
}

/**
 * Read and validate the form and node rules. Either path may be given (a court's own file);
 * the other defaults to the shipped one. Throws {@link RulesValidationError} listing every
 * problem (unreadable file, bad JSON, schema violations, cross-file inconsistencies).
 */
export function loadRules(paths: { forms?: string; nodes?: string } = {}): Rules {
  const formsPath = paths.forms ?? DEFAULT_RULE_PATHS.forms;
  const nodesPath = paths.nodes ?? DEFAULT_RULE_PATHS.nodes;
  const problems: string[] = [];
  const forms = validate(FormRulesSchema, readJson(formsPath, problems), formsPath, problems);
  const nodes = validate(NodeRulesSchema, readJson(nodesPath, problems), nodesPath, problems);
  if (forms && nodes) problems.push(...crossCheckRules(forms, nodes).map((p) => `${nodesPath}: ${p}`));
  if (problems.length > 0 || !forms || !nodes) throw new RulesValidationError(problems);
  return { forms, nodes };
}

/**
 * Read and validate holiday calendar files. Without arguments, every `cn-YYYY.json` shipped in
 * `classifier/calendar/`. Pass the result to `createCalendar`. Throws
 * {@link RulesValidationError} listing every problem.
 */
export function loadCalendarYears(paths?: readonly string[]): CalendarYear[] {
  const files =
    paths ??
    readdirSync(DEFAULT_CALENDAR_DIR)
      .filter((f) => /^cn-\d{4}\.json$/.test(f))
      .sort()
      .map((f) => join(DEFAULT_CALENDAR_DIR, f));
  const problems: string[] = [];
  const years: CalendarYear[] = [];
  for (const file of files) {
    const year = validate(CalendarYearSchema, readJson(file, problems), file, problems);
    if (year) years.push(year);
  }
  if (problems.length > 0) throw new RulesValidationError(problems);
  return years;
}
