import { describe, expect, it } from 'vitest';
import { guessKind, mapColumns, resolveMapping } from '../../src/import/columns.js';
import { decodeCsvBytes, parseCsvText, sniffDelimiter } from '../../src/import/read-csv.js';
import { parseAmount, parseDate, sniffDayOrder, sniffDecimalMark } from '../../src/import/values.js';

const value = <T>(p: { ok: true; value: T } | { ok: false; reason: string }) => (p.ok ? p.value : `rejected: ${p.reason}`);

describe('header mapping', () => {
  it('maps synonyms regardless of case, spaces and punctuation', () => {
    const m = mapColumns('customers', ['Account Name', 'E-mail', 'Tel', 'Website', ' INDUSTRY ', 'Owner', 'Favourite colour']);
    expect(m.mapped.map((c) => c.field)).toEqual(['name', 'email', 'phone', 'domain', 'industry', 'owner']);
    expect(m.ignored).toEqual(['Favourite colour']);
    expect(mapColumns('customers', ['Organisation', 'Email Address', 'Mobile', 'URL']).mapped.map((c) => c.field)).toEqual(['name', 'email', 'phone', 'domain']);
  });

  it('guesses the kind from the columns', () => {
    expect(guessKind(['Company', 'Email', 'Phone', 'Website'])).toBe('customers');
    expect(guessKind(['First Name', 'Last Name', 'Company', 'Email'])).toBe('contacts');
    expect(guessKind(['Customer', 'Product', 'Qty', 'Total', 'Currency', 'Order Date'])).toBe('orders');
    expect(guessKind(['Account', 'Type', 'Notes', 'Date'])).toBe('activities');
  });

  it('names the missing columns and the columns found', () => {
    expect(() => resolveMapping(['Email', 'Phone'], 'customers')).toThrow(/Missing required column for customers: name .*Columns found: "Email", "Phone"/);
    expect(() => resolveMapping(['Customer', 'Product'], 'orders')).toThrow(/Missing required columns for orders: amount .*; date/);
  });
});

describe('reading CSV', () => {
  it('sniffs the delimiter from the header line', () => {
    expect(sniffDelimiter('a;b;c\n1,5;2;3')).toBe(';');
    expect(sniffDelimiter('a\tb\n')).toBe('\t');
    expect(sniffDelimiter('"x,y";z\n')).toBe(';');
  });

  it('drops a BOM, keeps quoted delimiters and line breaks, and numbers rows as a spreadsheet does', () => {
    const table = parseCsvText('\uFEFFName;Notes\n"Acme; Inc";"two\nlines"\n\nInitech;x\n');
    expect(table.headers).toEqual(['Name', 'Notes']);
    expect(table.rows).toEqual([
      { line: 2, cells: ['Acme; Inc', 'two\nlines'] },
      { line: 5, cells: ['Initech', 'x'] },
    ]);
  });

  it('reports an unclosed quote as a broken file', () => {
    expect(() => parseCsvText('Name,Email\n"Acme,a@acme.com\n')).toThrow(/not valid CSV.*never closed/);
  });

  it('refuses binary and non-UTF-8 bytes with a reason', () => {
    expect(() => decodeCsvBytes(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]), 'book.xlsx')).toThrow(/book.xlsx looks like a binary file/);
    expect(() => decodeCsvBytes(Buffer.from('Name\nM\xfcller\n', 'latin1'), 'people.csv')).toThrow(/people.csv is not UTF-8 text \(invalid byte 0xfc at byte 6, line 2\)/);
    expect(() => decodeCsvBytes(Buffer.from([0xff, 0xfe, 0x41, 0x00]))).toThrow(/UTF-16/);
  });
});

describe('dates', () => {
  it('reads ISO, US, European and written-out dates; a bare date is noon UTC', () => {
    expect(value(parseDate('2026-11-18', undefined))).toBe('2026-11-18T12:00:00.000Z');
    expect(value(parseDate('11/18/2026', undefined))).toBe('2026-11-18T12:00:00.000Z');
    expect(value(parseDate('18.11.2026', undefined))).toBe('2026-11-18T12:00:00.000Z');
    expect(value(parseDate('18 Nov 2026', undefined))).toBe('2026-11-18T12:00:00.000Z');
    expect(value(parseDate('2026-11-18T09:30:00+01:00', undefined))).toBe('2026-11-18T08:30:00.000Z');
    expect(value(parseDate('11/18/2026 2:30 PM', undefined))).toBe('2026-11-18T14:30:00.000Z');
  });

  it('rejects an ambiguous day/month unless the column settles it', () => {
    expect(value(parseDate('03/04/2026', undefined))).toMatch(/ambiguous \(March 4 or April 3\?\)/);
    expect(sniffDayOrder(['03/04/2026', '25/04/2026'])).toBe('dmy');
    expect(value(parseDate('03/04/2026', 'dmy'))).toBe('2026-04-03T12:00:00.000Z');
    expect(sniffDayOrder(['03/04/2026', '25/04/2026', '04/25/2026'])).toBeUndefined();
    expect(value(parseDate('2026-02-30', undefined))).toMatch(/not a real calendar date/);
    expect(value(parseDate('soon', undefined))).toMatch(/not a date I can read/);
  });
});

describe('amounts', () => {
  it('reads symbols, codes and both decimal conventions exactly', () => {
    expect(value(parseAmount('$1,200.50', undefined))).toEqual({ amount: '1200.50', currency: 'USD' });
    expect(value(parseAmount('1.200,50 €', undefined))).toEqual({ amount: '1200.50', currency: 'EUR' });
    expect(value(parseAmount('EUR 99', undefined))).toEqual({ amount: '99.00', currency: 'EUR' });
    expect(value(parseAmount('12,5', undefined))).toEqual({ amount: '12.50' });
    expect(value(parseAmount('1 234 567,891', undefined))).toEqual({ amount: '1234567.89' });
  });

  it('rejects what it cannot read unambiguously', () => {
    expect(value(parseAmount('1,200', undefined))).toMatch(/ambiguous/);
    expect(value(parseAmount('1,200', '.'))).toEqual({ amount: '1200.00' });
    expect(value(parseAmount('1,200', ','))).toEqual({ amount: '1.20' });
    expect(sniffDecimalMark(['1,200', '3,50'])).toBe(',');
    expect(value(parseAmount('-5', '.'))).toMatch(/negative/);
    expect(value(parseAmount('1,2,3', '.'))).toMatch(/misplaced|not a number/);
    expect(value(parseAmount('abc', '.'))).toMatch(/not a number/);
  });
});
