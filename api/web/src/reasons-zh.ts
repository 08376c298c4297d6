/**
 * The classifier explains itself in short English log lines ("title matched 繁简分流表 at line
 * 2 (similarity 1.00)"). Clerks read Chinese: the known patterns are rendered in Chinese here;
 * a line no pattern knows is shown unchanged, so nothing the machine said is hidden.
 */
import { fieldLabel, formName, valueLabel } from './labels.ts';

type Rule = [RegExp, (m: RegExpExecArray) => string];

const fields = (list: string): string =>
  list
    .split(/,\s*/)
    .map((f) => fieldLabel(f.trim()))
    .join('、');

const RULES: Rule[] = [
  [/^page (\d+) starts a document: title (.+) at line (\d+)$/, (m) => `第 ${m[1]} 页开始一份新文书：第 ${m[3]} 行是标题“${m[2]}”`],
  [/^page (\d+) starts a document: (.+)$/, (m) => `第 ${m[1]} 页开始一份新文书（${m[2]}）`],
  [/^title matched (.+?) at line (\d+)( \(broken over two lines\))? \(similarity ([\d.]+)\)$/, (m) => `第 ${m[2]} 行标题与“${m[1]}”相符${m[3] ? '（标题跨两行）' : ''}（相似度 ${m[4]}）`],
  [/^title matched (.+?) at line (\d+) \(similarity ([\d.]+)\): a document filed as (\w+)$/, (m) => `第 ${m[2]} 行标题“${m[1]}”（相似度 ${m[3]}），归为${formName(m[4])}`],
  [/^(\d+)% of confirming keywords present$/, (m) => `确认关键词命中 ${m[1]}%`],
  [/^close to (\w+) \(score ([\d.]+) vs ([\d.]+)\)$/, (m) => `与“${formName(m[1])}”难以区分（得分 ${m[2]} 对 ${m[3]}）`],
  [/^generic title (.+?) at line (\d+) but no keyword decides the form: filed as (\w+)$/, (m) => `第 ${m[2]} 行为通用标题“${m[1]}”，无法确定具体文书，暂归为${formName(m[3])}`],
  [/^no title recognised; closest was (.+?) at line (\d+) \(similarity ([\d.]+), below ([\d.]+)\)$/, (m) => `未识别出标题；最接近的是第 ${m[2]} 行“${m[1]}”（相似度 ${m[3]}，低于 ${m[4]}）`],
  [/^no title recognised in the first (\d+) lines: filed as (\w+)$/, (m) => `前 ${m[1]} 行未识别出标题，归为${formName(m[2])}`],
  [/^no case number found$/, () => '未找到案号'],
  [/^case number (.+?) at line (\d+) \((.+); confidence ([\d.]+)\)$/, (m) => `第 ${m[2]} 行找到案号 ${m[1]}（可信度 ${m[4]}）`],
  [/^case number taken from the cover sheet on page (\d+)$/, (m) => `案号取自第 ${m[1]} 页的卷宗封面`],
  [/^no title recognised, but the text carries the keywords and field labels of (\w+): (?:filed as )?(\w+), to be confirmed$/, (m) => `未识别到标题，但正文含有“${formName(m[1])}”的关键词和栏目，暂归为${formName(m[2])}，待核对`],
  [/^the 案号 line (\d+) \("(.*)"\) could not be read as a case number$/, (m) => `第 ${m[1]} 行的案号（“${m[2]}”）未能识别`],
  [/^case number taken from page (\d+)$/, (m) => `案号取自第 ${m[1]} 页`],
  [/^case number taken from the hint (.+?) \(.+\)$/, (m) => `案号取自上传时提供的提示 ${m[1]}`],
  [/^resumed case; original case (.+?) \(.+\)$/, (m) => `恢复执行案件，原案号 ${m[1]}`],
  [/^date (\d{4}-\d{2}-\d{2}) from field (\w+)$/, (m) => `日期 ${m[1]}：取自“${fieldLabel(m[2]!)}”`],
  [/^date (\d{4}-\d{2}-\d{2}) is the last date in the text \(line (\d+)\)$/, (m) => `日期 ${m[1]}：正文中最后出现的日期（第 ${m[2]} 行）`],
  [/^date (\d{4}-\d{2}-\d{2}) is the last date in the text \(line (\d+)\), inside a sentence: uncertain$/, (m) => `日期 ${m[1]}：取自正文句中（第 ${m[2]} 行），未见单独的落款日期，待核对`],
  [/^date (\d{4}-\d{2}-\d{2}) from the dated line (\d+) \(the last one\)$/, (m) => `日期 ${m[1]}：取自第 ${m[2]} 行落款日期`],
  [/^date (\d{4}-\d{2}-\d{2}) read from the garbled line (\d+) \("(.*)"\): the nearest valid date, ([\d.]+) glyph\(s\) off, the next one at least ([\d.]+) farther$/, (m) => `日期 ${m[1]}：第 ${m[2]} 行落款“${m[3]}”有字迹不清，按最接近的有效日期读出（相差 ${m[4]} 字）`],
  [/^date (\d{4}-\d{2}-\d{2}) is a day off \(weekend or public holiday\), when the court signs no such form: to be confirmed$/, (m) => `日期 ${m[1]} 为休息日（周末或法定节假日），法院不在休息日签发此类文书，待核对`],
  [/^date (\d{4}-\d{2}-\d{2}) read from a garbled line is a day off \(weekend or public holiday\): to be confirmed$/, (m) => `由不清字迹推断的日期 ${m[1]} 为休息日（周末或法定节假日），待核对`],
  [/^date (\d{4}-\d{2}-\d{2}) is after the scan day (\d{4}-\d{2}-\d{2}); read as (\d{4}-\d{2}-\d{2}), the nearest valid date to line (\d+) \("(.+)"\), ([\d.]+) glyph\(s\) off, the next one at least ([\d.]+) farther$/, (m) => `日期 ${m[1]} 晚于扫描日 ${m[2]}，按第 ${m[4]} 行（“${m[5]}”）最接近的有效日期 ${m[3]} 识别（相差 ${m[6]} 字）`],
  [/^date (\d{4}-\d{2}-\d{2}) is after the scan day (\d{4}-\d{2}-\d{2}): misread$/, (m) => `日期 ${m[1]} 晚于扫描日 ${m[2]}，可能识别有误`],
  [/^date (\d{4}-\d{2}-\d{2}) is before (\d{4}-\d{2}-\d{2}), which the form recites at line (\d+): misread$/, (m) => `日期 ${m[1]} 早于文书第 ${m[3]} 行所述的 ${m[2]}，可能识别有误`],
  [/^date (\d{4}-\d{2}-\d{2}) was read with a \] taken for 1: uncertain$/, (m) => `日期 ${m[1]} 中有字符按“1”推断，待核对`],
  [/^date (\d{4}-\d{2}-\d{2}) was read with its day cut short by a letter \("(.+)…"\); the dated line (\d+) reads (\d{4}-\d{2}-\d{2}): the dated line's reading taken$/, (m) => `日期 ${m[1]} 的日数后紧跟字母（“${m[2]}…”），可能少识别一位；第 ${m[3]} 行落款日期为 ${m[4]}，予以采用`],
  [/^date (\d{4}-\d{2}-\d{2}) was read with its day cut short by a letter: uncertain$/, (m) => `日期 ${m[1]} 的日数后紧跟字母，可能少识别一位，待核对`],
  [/^date (\d{4}-\d{2}-\d{2}) at line (\d+) was read again as (.+), but line (\d+) reads (\d{4}-\d{2}-\d{2}) too: kept$/, (m) => `第 ${m[2]} 行日期 ${m[1]} 重新识别为“${m[3]}”，但第 ${m[4]} 行也为该日期，予以采用`],
  [/^date (\d{4}-\d{2}-\d{2}) at line (\d+) was read again as (.+): uncertain$/, (m) => `第 ${m[2]} 行日期 ${m[1]} 重新识别为“${m[3]}”，两次识别不一致，待核对`],
  [/^date (\d{4}-\d{2}-\d{2}) was read with a \] taken for 1; line (\d+) reads it cleanly$/, (m) => `日期 ${m[1]} 中有字符按“1”推断，第 ${m[2]} 行同一日期字迹清楚，予以确认`],
  [/^date field (\d{4}-\d{2}-\d{2}) and the dated line (\d+) \((\d{4}-\d{2}-\d{2})\) differ by one digit: one is misread$/, (m) => `日期栏 ${m[1]} 与第 ${m[2]} 行落款日期 ${m[3]} 相差一位数字，其中之一识别有误`],
  [/^date field (\d{4}-\d{2}-\d{2}) was read with a \] taken for 1; the dated line (\d+) reads (\d{4}-\d{2}-\d{2}) cleanly, one digit apart: the clean reading taken$/, (m) => `日期栏 ${m[1]} 中有字符按“1”推断，第 ${m[2]} 行落款日期 ${m[3]} 字迹清楚且仅差一位，采用落款日期`],
  [/^the dated line (\d+) reads (.+?), the date field (.+?) less a glyph: the field's reading kept$/, (m) => `第 ${m[1]} 行落款日期“${m[2]}”比日期栏“${m[3]}”少一字（可能被印章遮挡），采用日期栏`],
  [/^the date field reads (.+?), a date the form cannot bear \(after the scan day or before its case's year\); the dated line (\d+) reads (.+?), one digit apart: taken$/, (m) => `日期栏“${m[1]}”不可能（晚于扫描日或早于立案年度），第 ${m[2]} 行落款日期“${m[3]}”仅差一位数字，采用落款日期`],
  [/^the date field reads (.+?), the dated line (\d+) (.+?) less a glyph: the dated line's reading taken$/, (m) => `日期栏“${m[1]}”比第 ${m[2]} 行落款日期“${m[3]}”少一字，采用落款日期`],
  [/^dated (\d{4}-\d{2}-\d{2}), before its case (.+?) was filed \((\d{4}-\d{2}-\d{2}) in the register\): the date or the number is misread$/, (m) => `文书日期 ${m[1]} 早于案件 ${m[2]} 的立案日期 ${m[3]}（立案登记），日期或案号识别有误`],
  [/^case number (.+?) from the header band \(the full page read none\)$/, (m) => `案号 ${m[1]} 取自页眉区识别（整页识别未读出案号）`],
  [/^case number (.+?) is in the register( \(party (.+) named\))?$/, (m) => `案号 ${m[1]} 已在立案登记中${m[3] ? `（文书中有当事人 ${m[3]}）` : ''}`],
  [/^case number (.+?) is not registered; (.+?), one OCR slip away, is, and its party (.+) is named: read as (.+)$/, (m) => `识别出的案号 ${m[1]} 未登记；相差一字的登记案号 ${m[2]} 的当事人 ${m[3]} 见于文书，按 ${m[4]} 归档`],
  [/^case number (.+?) is not registered; (.+?), one OCR slip away, is \(no party named to confirm it\): proposed, to be confirmed$/, (m) => `识别出的案号 ${m[1]} 未登记；建议为相差一字的登记案号 ${m[2]}（文书中未见其当事人），请核对`],
  [/^case number (.+?) is not registered(; (\d+) registered numbers are one OCR slip away)?: to be confirmed$/, (m) => `识别出的案号 ${m[1]} 未登记${m[3] ? `（有 ${m[3]} 个相差一字的登记案号）` : ''}，请核对`],
  [/^case number (.+?) is registered, but none of its parties is named; (.+?), one OCR slip away, names (.+): to be confirmed$/, (m) => `案号 ${m[1]} 已登记，但文书中未见其当事人；相差一字的登记案号 ${m[2]} 的当事人 ${m[3]} 见于文书，请核对`],
  [/^case number (.+?) confirmed by the register: its uncertain reading needs no clerk$/, (m) => `案号 ${m[1]} 识别存疑，但与立案登记及文书中的当事人相符，无需人工核对`],
  [/^province glyph unreadable; (.+?) is the only registered reading.*$/, (m) => `案号省份字无法识别；按唯一相符的登记案号 ${m[1]} 归档`],
  [/^province glyph or year digit unreadable: (\d+) registered readings \((.+)\)$/, (m) => `案号省份字或年份末位无法识别；有 ${m[1]} 个相符的登记案号（${m[2]}），请人工确认`],
  [/^year unreadable; (.+?) is the only registered reading.*\(no party named to confirm it\): proposed, to be confirmed$/, (m) => `案号年份无法识别；建议为唯一相符的登记案号 ${m[1]}（文书中未见其当事人），请核对`],
  [/^year unreadable; (.+?) is the only registered reading.*$/, (m) => `案号年份无法识别；按唯一相符且当事人一致的登记案号 ${m[1]} 归档`],
  [/^type glyph unreadable; (.+?) is the only registered reading.*\(no party named to confirm it\): proposed, to be confirmed$/, (m) => `案号中“执”字无法识别；建议为唯一相符的登记案号 ${m[1]}（文书中未见其当事人），请核对`],
  [/^type glyph unreadable; (.+?) is the only registered reading.*$/, (m) => `案号中“执”字无法识别；按唯一相符且当事人一致的登记案号 ${m[1]} 归档`],
  [/^title (.+?) at line (\d+) shares its line with other text below the 案号 line: a mention in a row, no title$/, (m) => `第 ${m[2]} 行的“${m[1]}”位于案号行之下、与其他文字同行，是表格中的提及而非标题`],
  [/^date (\S+) kept: its other readings? (.+?) falls? before its case (.+?) was filed \((\S+) in the register\)$/, (m) => `日期 ${m[1]} 保留：另一读法 ${(m[2] ?? '').replace(/, /g, '、')} 早于案件 ${m[3]} 的登记立案日期（${m[4]}）`],
  [/^date (\S+), another reading of the form's date, is the filing day of (.+?) in the register: taken over (\S+)$/, (m) => `日期另一读法 ${m[1]} 与登记的 ${m[2]} 立案日期一致，取代 ${m[3]}`],
  [/^date (\S+) is the filing day of (.+?) in the register: its doubt needs no clerk$/, (m) => `日期 ${m[1]} 与登记的 ${m[2]} 立案日期一致，无需人工核对`],
  [/^case number (.+?) was read with its sequence number cut short; (.+?), one OCR slip away, is registered and names (.+): proposed, to be confirmed$/, (m) => `案号 ${m[1]} 的序号识别不全；相差一字的登记案号 ${m[2]} 的当事人 ${m[3]} 见于文书，仅为建议，请核对`],
  [/^case number (.+?) read on a later page differs from (.+?), the first page's: the first page's taken, to be confirmed$/, (m) => `后续页识别出的案号 ${m[1]} 与首页案号 ${m[2]} 不同：暂按首页案号归档，请核对分页与案号`],
  [/^its own 案号 line \("(.*)"\) holds the digits of (.+?) in order$/, (m) => `文书自身的案号行（“${m[1]}”）依次含有 ${m[2]} 的全部数字`],
  [/^the cover's own 案号 line \("(.*)"\) holds the digits of (.+?), the number of the document after it, in order: filed under it$/, (m) => `封面自身的案号行（“${m[1]}”）依次含有其后文书案号 ${m[2]} 的全部数字，按该案号归档`],
  [/^its own 案号 line \("(.*)"\) does not bear the number out: proposed, to be confirmed$/, (m) => `文书自身的案号行（“${m[1]}”）与该案号不符：仅为建议，请核对`],
  [/^case number (.+?) taken from the cover sheet before the document, but the document names parties and none of that case's registered parties \((.+)\): to be confirmed$/, (m) => `案号 ${m[1]} 取自文书前的卷宗封面，但文书所列当事人中没有该案的登记当事人（${(m[2] ?? '').replace(/, /g, '、')}），请核对`],
  [/^no case number read; the case of a document beside it, (.+?), has all its registered parties named \((.+)\), but (.+) beside it shares a party: proposed, to be confirmed$/, (m) => `未识别出案号；相邻文书的案件 ${m[1]} 的全部登记当事人（${(m[2] ?? '').replace(/ and /g, '、')}）见于文书，但相邻案件 ${m[3]} 也有当事人见于文书，建议为 ${m[1]}，请核对`],
  [/^no case number read; the case of a document beside it, (.+?), has all its registered parties named \((.+)\)$/, (m) => `未识别出案号；相邻文书的案件 ${m[1]} 的全部登记当事人（${(m[2] ?? '').replace(/ and /g, '、')}）见于文书，按 ${m[1]} 归档`],
  [/^no date found$/, () => '未找到日期'],
  [/^field (\w+) = (.+?) \((.+)\)$/, (m) => `字段“${fieldLabel(m[1]!)}”= ${valueLabel(m[2], m[1])}`],
  [/^fields not found: (.+)$/, (m) => `未找到字段：${fields(m[1]!)}`],
  [/^blank page (\d+) dropped$/, (m) => `第 ${m[1]} 页为空白页，已略去`],
  [/^header band$/, () => '页眉快速识别'],
];

export function reasonZh(line: string): string {
  for (const [re, fmt] of RULES) {
    const m = re.exec(line);
    if (m) return fmt(m);
  }
  return line;
}
