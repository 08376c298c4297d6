/**
 * Everything the UI names in Chinese: form types and their fields (taken from the default form
 * rules the classifier loads, so the review form offers the same fields and enum values), node
 * and status names, file states, reason codes (errors.ts, the server's own table) and roles.
 * A code the tables do not know is shown as the code itself, never hidden.
 */
import { REASON_CODES } from '../../../errors.ts';
import rules from '../../../classifier/rules/forms.default.json' with { type: 'json' };
import type { Role } from './types.ts';

export interface FieldDef {
  name: string;
  label: string;
  type: string;
  /** For enum fields: canonical value → the phrase shown (the rule's first phrase). */
  options?: Array<[value: string, label: string]>;
}

interface RuleField {
  name: string;
  label: string;
  type: string;
  enum?: Record<string, string[]>;
}

function fieldDef(f: RuleField): FieldDef {
  return {
    name: f.name,
    label: f.label,
    type: f.type,
    options: f.enum ? Object.entries(f.enum).map(([v, phrases]) => [v, phrases[0] ?? v]) : undefined,
  };
}

const forms = rules.forms as unknown as Array<{ code: string; name: string; volume: string; fields?: RuleField[] }>;
const common = (rules.commonFields as unknown as RuleField[]).map(fieldDef);

/** Form type code → Chinese name, in rule order, `other` last. */
export const FORM_TYPES: Array<[code: string, name: string]> = [...forms.map((f): [string, string] => [f.code, f.name]), [rules.fallback.code, rules.fallback.name]];
const FORM_NAME = new Map(FORM_TYPES);

export function formName(code: string | null | undefined): string {
  if (!code) return '未识别';
  return FORM_NAME.get(code) ?? code;
}

/** Fields a form type carries (its own, without the common case number). */
export function fieldsOf(formType: string): FieldDef[] {
  return (forms.find((f) => f.code === formType)?.fields ?? []).map(fieldDef);
}

const FIELD_LABEL = new Map<string, string>([...common, ...forms.flatMap((f) => (f.fields ?? []).map(fieldDef))].map((f) => [f.name, f.label]));
export function fieldLabel(name: string): string {
  return FIELD_LABEL.get(name) ?? name;
}

/** An enum value's phrase (`triageResult` + `fast_track` → 简案); without a field, any form's phrase. */
const ENUM_LABEL = new Map<string, string>();
for (const f of forms) {
  for (const x of f.fields ?? []) {
    for (const [v, label] of fieldDef(x).options ?? []) {
      ENUM_LABEL.set(`${x.name}=${v}`, label);
      if (!ENUM_LABEL.has(v)) ENUM_LABEL.set(v, label);
    }
  }
}
export function valueLabel(v: unknown, field?: string): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? '是' : '否';
  const s = String(v);
  return (field ? ENUM_LABEL.get(`${field}=${s}`) : undefined) ?? ENUM_LABEL.get(s) ?? s;
}

export const NODE_NAMES: Record<string, string> = {
  filed: '立案',
  search_control: '查控',
  fast_track: '快执',
  implementation: '实施',
  implementation_auction: '实施·评估拍卖',
  terminated: '终本',
  concluded: '执行完毕',
  adjudication: '裁决',
};
export const NODE_ORDER = ['filed', 'search_control', 'fast_track', 'implementation', 'implementation_auction', 'terminated', 'concluded'];

export function nodeName(code: string | null | undefined): string {
  if (!code) return '未定位';
  return NODE_NAMES[code] ?? code;
}

export const STATUS_LABELS: Record<string, string> = {
  on_time: '正常',
  due_soon: '临期',
  overdue: '超期',
  unknown: '未知',
};

export const VOLUME_LABELS: Record<string, string> = { main: '正卷', secondary: '副卷' };

export const FILE_STATUS: Record<string, { label: string; tone: 'ok' | 'warn' | 'bad' | 'info' | 'muted' }> = {
  received: { label: '已接收', tone: 'muted' },
  processing: { label: '处理中', tone: 'info' },
  done: { label: '已完成', tone: 'ok' },
  needs_review: { label: '待人工审核', tone: 'warn' },
  failed: { label: '处理失败', tone: 'bad' },
};

export const FILE_STAGE: Record<string, string> = {
  received: '等待拆页',
  rasterized: '正在识别文字',
  recognized: '正在组卷',
  assembled: '已组卷',
};

export const DOC_STATUS: Record<string, string> = { classified: '已识别', filed: '已归档', needs_review: '待审核' };

/** A failure or review reason in plain Chinese (the server's table; unknown codes fall back to its message). */
export function reasonText(code: string, serverMessage?: string | null): string {
  return (REASON_CODES as Record<string, string>)[code] ?? serverMessage ?? code;
}

export const ROLE_LABELS: Record<Role, string> = {
  station: '扫描站',
  clerk: '书记员',
  judge: '法官',
  supervisor: '督办',
  admin: '管理员',
};
