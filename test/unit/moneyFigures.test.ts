import { describe, expect, it } from 'vitest';
import { auditNoteSentence } from '../../shared/auditSentences';
import { groupThousands } from '../../shared/formatCount';
import { moneyIn, usd } from '../../shared/moneyFigures';

describe('money figures on the command line and in the audit\'s sentences', () => {
  it('group the whole part in thousands, as counts and raw quota are, and keep every decimal', () => {
    expect(usd(1234.5)).toBe('$1,234.5000');
    expect(usd(0.02743)).toBe('$0.02743');
    expect(moneyIn(114762.48, '积分')).toBe('114,762.4800 积分');
    expect(moneyIn(-1234567.000001, 'CNY')).toBe('-1,234,567.000001 CNY');
    expect(usd(1e-8)).toBe('<$0.000001');
  });

  it('group only the whole part of figures as given', () => {
    expect(groupThousands('57381241')).toBe('57,381,241');
    expect(groupThousands('1500.125')).toBe('1,500.125');
    expect(groupThousands('999.99')).toBe('999.99');
    expect(groupThousands('1e-7')).toBe('1e-7');
  });

  it('read so in an audit note', () => {
    expect(auditNoteSentence({ code: 'charge_differs', billedUsd: 1500, expectedUsd: 1200 })).toBe('The gateway charged $1,500.0000; the price snapshot gives $1,200.0000.');
  });
});
