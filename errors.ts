/**
 * Errors as control signals (see shared/design.md).
 *
 * A transient failure throws any Error and the job queue retries it with backoff.
 * Bad input throws a {@link PermanentError} with a stable reason code: the queue must NOT retry
 * it, and the file/document row is left `failed` (or `needs_review`) with that code.
 * This module imports nothing.
 */

/** Stable reason codes shown to clerks (translated to Chinese by {@link reasonMessageZh}). */
export const REASON_CODES = {
  empty_file: '文件为空（0 字节）',
  unsupported_type: '不支持的文件类型（仅支持 PDF、TIFF、JPEG、PNG）',
  pdf_corrupt: 'PDF 文件已损坏或不完整，无法读取',
  pdf_encrypted: 'PDF 文件已加密，请扫描无密码的文件',
  image_corrupt: '图像文件已损坏，无法读取',
  image_too_large: '图像尺寸过大（像素数超过上限），可能是异常文件',
  too_many_pages: '页数超过上限，请分批扫描',
  file_too_large: '文件超过大小上限',
  checksum_mismatch: '文件校验值不一致，传输可能出错，请重新发送',
  ocr_empty: '该页未识别出任何文字（可能是空白页或图像质量过差）',
  ocr_low_confidence: '识别可信度过低，需要人工核对',
  case_number_missing: '未识别到案号，需要人工补录',
  case_number_inherited: '文书自身的案号未能识别，暂按前面封面（或二维码）的案号归档，请核对',
  case_number_unknown: '案号不在立案登记中（可能识别有误），请核对案号',
  case_party_mismatch: '案号已登记，但文书中的当事人属于另一相近案号的案件，请核对案号',
  case_number_conflict: '文书首页的案号与后续页的案号不同，可能有一份文书未被分开，请核对分页与案号',
  case_date_mismatch: '文书日期早于该案的立案日期（或立案年度），案号或日期有误，请核对',
  node_field_unread: '决定案件节点的栏目（如分流结果、审批意见）未能识别，请人工补录',
  form_type_uncertain: '文书类型识别不确定，需要人工核对',
  processing_error: '处理时发生内部错误，已记录，可重新处理',
} as const;

export type ReasonCode = keyof typeof REASON_CODES;

/** Chinese message for a reason code, for clerks. */
export function reasonMessageZh(code: ReasonCode): string {
  return REASON_CODES[code];
}

/** Bad input: never retried; the row ends `failed` with `code`. */
export class PermanentError extends Error {
  override readonly name = 'PermanentError';
  constructor(
    readonly code: ReasonCode,
    message?: string,
  ) {
    super(message ?? REASON_CODES[code]);
  }
}

export function isPermanentError(err: unknown): err is PermanentError {
  return err instanceof PermanentError || (err instanceof Error && err.name === 'PermanentError' && 'code' in err);
}
