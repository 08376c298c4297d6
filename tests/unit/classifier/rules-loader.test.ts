import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULE_PATHS, RulesValidationError, classifyPage, loadCalendarYears, loadRules } from '../../../classifier/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'classifier-rules-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, data: unknown): string => {
  const p = join(dir, name);
  writeFileSync(p, typeof data === 'string' ? data : JSON.stringify(data));
  return p;
};
const defaults = {
  forms: JSON.parse(readFileSync(DEFAULT_RULE_PATHS.forms, 'utf8')) as { forms: Array<Record<string, unknown>> } & Record<string, unknown>,
  nodes: JSON.parse(readFileSync(DEFAULT_RULE_PATHS.nodes, 'utf8')) as Record<string, unknown>,
};

describe('loadRules', () => {
  it('loads the shipped rules: every form code of domain.md and the seven nodes', () => {
    const r = loadRules();
    expect(r.forms.forms.map((f) => f.code).sort()).toEqual(
      [
        'filing_approval', 'execution_notice', 'property_report_order', 'search_referral', 'search_feedback', 'onsite_investigation',
        'triage_sheet', 'transfer_sheet', 'consumption_restriction', 'dishonesty_decision', 'applicant_interview',
        'appraisal_auction_approval', 'auction_ruling', 'funds_receipt', 'disbursement_approval', 'extension_approval',
        'termination_ruling', 'termination_report', 'closing_approval', 'objection', 'objection_ruling', 'cover_sheet',
      ].sort(),
    );
    expect(r.forms.fallback.code).toBe('other');
    expect(r.nodes.nodes.map((n) => [n.code, n.name])).toEqual([
      ['filed', '立案'], ['search_control', '查控'], ['fast_track', '快执'], ['implementation', '实施'],
      ['implementation_auction', '实施·评估拍卖'], ['terminated', '终本'], ['concluded', '执行完毕'],
    ]);
    expect(r.nodes.warningWindow).toEqual({ days: 5, fraction: 0.2 });
  });

  it("a court's own forms file changes classification without code changes", () => {
    // GIVEN a court that calls its referral form 查控申请单
    const forms = structuredClone(defaults.forms);
    const referral = forms.forms.find((f) => f.code === 'search_referral') as { titles: string[] };
    referral.titles.push('查控申请单');
    const path = write('court-forms.json', forms);
    // WHEN its rules are loaded
    const rules = loadRules({ forms: path });
    // THEN the new title is recognised
    expect(classifyPage({ text: '查 控 申 请 单\n（2024）苏0205执1号' }, rules).formType).toBe('search_referral');
  });

  it('takes `items` on a text field only', () => {
    const forms = structuredClone(defaults.forms);
    const referral = forms.forms.find((f) => f.code === 'search_referral') as { fields: Array<Record<string, unknown>> };
    expect(referral.fields.find((f) => f.name === 'searchItems')?.items).toContain('银行存款');
    (referral.fields.find((f) => f.name === 'transferDate') as Record<string, unknown>).items = ['车辆'];
    expect(() => loadRules({ forms: write('items-forms.json', forms) })).toThrow(/only a text field may have `items`/);
  });

  it('lists every problem at once: schema errors and cross-file inconsistencies', () => {
    const forms = structuredClone(defaults.forms);
    (forms.forms[0] as Record<string, unknown>).volume = 'attic';
    (forms.forms[1] as Record<string, unknown>).code = 'filing_approval';
    const nodes = structuredClone(defaults.nodes) as { transitions: Array<{ when: Record<string, unknown>; to: string }> };
    nodes.transitions.push({ when: { formType: 'triage_sheet', field: 'triageResult', equals: ['maybe'] }, to: 'fast_track' });
    nodes.transitions.push({ when: { formType: 'no_such_form' }, to: 'nowhere' });
    ((nodes as unknown as { nodes: Array<Record<string, unknown>> }).nodes[4] as Record<string, unknown>).enteredFrom = ['implementation', 'limbo'];
    let err: unknown;
    try {
      loadRules({ forms: write('bad-forms.json', forms), nodes: write('bad-nodes.json', nodes) });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RulesValidationError);
    const problems = (err as RulesValidationError).problems.join('\n');
    // both files' problems come in one error
    expect(problems).toMatch(/bad-forms\.json: forms\.0\.volume/);
    expect(problems).toMatch(/bad-nodes\.json: transitions\.\d+\.to: unknown node nowhere/);
    expect(problems).toMatch(/bad-nodes\.json: nodes\.4\.enteredFrom\.1: unknown node limbo/);
    // entered only from a node before it, and never listed on a terminal node, which ignores it
    const staged = structuredClone(defaults.nodes) as unknown as { nodes: Array<Record<string, unknown>> };
    (staged.nodes[4] as Record<string, unknown>).enteredFrom = ['implementation', 'implementation_auction', 'terminated'];
    (staged.nodes[5] as Record<string, unknown>).enteredFrom = ['implementation'];
    let order: unknown;
    try {
      loadRules({ nodes: write('bad-nodes-order.json', staged) });
    } catch (e) {
      order = e;
    }
    const orderProblems = (order as RulesValidationError).problems.join('\n');
    expect(orderProblems).toMatch(/nodes\.4\.enteredFrom\.1: node implementation_auction \(stage 3\) is not before implementation_auction \(stage 3\)/);
    expect(orderProblems).toMatch(/nodes\.4\.enteredFrom\.2: node terminated \(stage 4\) is not before/);
    expect(orderProblems).toMatch(/nodes\.5\.enteredFrom: terminal node terminated/);
    expect(orderProblems).not.toMatch(/enteredFrom\.0/);
    // whole-file checks (zod runs them once the fields are valid) and cross-file checks
    ((nodes as unknown as { nodes: Array<Record<string, unknown>> }).nodes[4] as Record<string, unknown>).enteredFrom = ['implementation'];
    (forms.forms[0] as Record<string, unknown>).volume = 'secondary';
    let next: unknown;
    try {
      loadRules({ forms: write('bad-forms2.json', forms), nodes: write('bad-nodes2.json', { ...nodes, transitions: nodes.transitions.filter((t) => t.to !== 'nowhere') }) });
    } catch (e) {
      next = e;
    }
    expect((next as RulesValidationError).problems).toEqual([expect.stringContaining('duplicate form code filing_approval')]);
    let cross: unknown;
    try {
      loadRules({ nodes: write('bad-nodes3.json', { ...nodes, transitions: nodes.transitions.filter((t) => t.to !== 'nowhere') }) });
    } catch (e) {
      cross = e;
    }
    expect((cross as RulesValidationError).problems).toEqual([expect.stringContaining('triage_sheet.triageResult has no value maybe')]);
  });

  it('reports unreadable files and bad JSON', () => {
    expect(() => loadRules({ forms: join(dir, 'missing.json'), nodes: write('broken.json', '{ nope') })).toThrow(
      /missing\.json: cannot read[\s\S]*broken\.json: not valid JSON/,
    );
  });
});

describe('loadCalendarYears', () => {
  it('validates calendar files', () => {
    const bad = write('cn-2030.json', { year: 2030, source: 'x', holidays: [{ name: '春节', from: '2031-02-01', to: '2030-02-03' }], workdays: [{ name: 'w', date: '2030-02-30' }] });
    expect(() => loadCalendarYears([bad])).toThrow(RulesValidationError);
    try {
      loadCalendarYears([bad]);
    } catch (e) {
      const p = (e as RulesValidationError).problems.join('\n');
      expect(p).toContain('not inside 2030');
      expect(p).toContain('real date');
    }
  });
});
