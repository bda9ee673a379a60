import { describe, expect, it } from 'vitest';
import { currencyDigits, formatMoney, formatMoneyTick, formatPrice, formatTotal } from '../../shared/money';

// Intl puts a no-break space between a currency code and the number: compare with plain spaces.
const plain = (text: string) => text.replace(/\s/g, ' ');

describe('money as the admin shows it: minor units to major by the currency', () => {
  it('scales by each currency’s exponent, in either letter case', () => {
    expect(currencyDigits('usd')).toBe(2);
    expect(currencyDigits('JPY')).toBe(0);
    expect(currencyDigits('kwd')).toBe(3);
    expect(formatMoney(2900, 'usd')).toBe('$29.00');
    expect(formatMoney(2900, 'USD')).toBe('$29.00');
    expect(formatMoney(123456, 'eur')).toBe('€1,234.56');
    expect(formatMoney(500, 'jpy')).toBe('¥500');
    expect(formatMoney(1234, 'kwd')).toMatch(/^KWD\s1\.234$/);
    expect(formatMoney(0, 'usd')).toBe('$0.00');
  });

  it('formats each locale and currency its own way, however they alternate (formats are made once and kept)', () => {
    expect(plain(formatMoney(123456, 'eur', 'de'))).toBe('1.234,56 €');
    expect(formatMoney(123456, 'eur', 'en')).toBe('€1,234.56');
    expect(plain(formatMoney(123456, 'eur', 'de'))).toBe('1.234,56 €');
    expect(formatMoneyTick(123400, 'eur', 'en')).toBe('€1,234');
    expect(formatMoney(123400, 'eur', 'en')).toBe('€1,234.00');
  });

  it('keeps a price’s interval', () => {
    expect(formatPrice(1900, 'usd', 'month')).toBe('$19.00 / month');
    expect(formatPrice(12000, 'jpy', 'year')).toBe('¥12,000 / year');
  });

  it('writes chart ticks in whole units when they are whole, by the exponent rather than the text', () => {
    expect(formatMoneyTick(123400, 'usd')).toBe('$1,234');
    expect(formatMoneyTick(1250, 'usd')).toBe('$12.50');
    expect(formatMoneyTick(0, 'eur')).toBe('€0');
    // ¥1,000 is whole already: its ",000" is thousands, not decimals
    expect(formatMoneyTick(1000, 'jpy')).toBe('¥1,000');
    expect(formatMoneyTick(100000, 'jpy')).toBe('¥100,000');
    expect(plain(formatMoneyTick(2000, 'kwd'))).toBe('KWD 2');
    expect(plain(formatMoneyTick(2500, 'kwd'))).toBe('KWD 2.500');
  });

  it('shows a customer’s total as money, or a dash when there is none in no known currency', () => {
    expect(formatTotal(2900, 'usd')).toBe('$29.00');
    expect(formatTotal('34800', 'usd')).toBe('$348.00');
    expect(formatTotal(4500, 'jpy')).toBe('¥4,500');
    expect(formatTotal(0, 'eur')).toBe('€0.00');
    expect(formatTotal(0, null)).toBe('—');
    expect(formatTotal(undefined, undefined)).toBe('—');
  });
});
