import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../src/intents/parse.js';

const opts = { now: new Date('2026-11-18T15:00:00Z'), tz: 'America/New_York' };
const parse = (text: string) => parseMessage(text, opts).intent;

describe('duplicates and merges (extension intents)', () => {
  it.each([
    ['find duplicates', {}],
    ['any duplicate customers?', {}],
    ['are there any duplicates?', {}],
    ['show me duplicate accounts', {}],
    ['check for duplicate customers', {}],
    ['find possible duplicates', {}],
    ['duplicates of Acme', { query: 'Acme' }],
    ['find dupes for Initech', { query: 'Initech' }],
    ['any duplicates of "Contoso"?', { query: 'Contoso' }],
  ])('“%s” → find_duplicates', (text, slots) => {
    expect(parse(text)).toEqual({ intent: 'find_duplicates', slots });
  });

  it.each([
    ['merge Acme Inc into Acme Corp', 'Acme Inc', 'Acme Corp'],
    // "with" reads the same way: the first-named record goes, the second is kept.
    ['merge Acme Inc with Acme Corp', 'Acme Inc', 'Acme Corp'],
    ['please merge customer ACME Corporation into Acme Corp.', 'ACME Corporation', 'Acme Corp'],
    ['combine Northwnd Traders and Northwind Traders', 'Northwnd Traders', 'Northwind Traders'],
  ])('“%s” → merge_customers', (text, source, target) => {
    expect(parse(text)).toEqual({ intent: 'merge_customers', slots: { source, target } });
  });

  it('leaves other messages that mention duplicates alone', () => {
    expect(parse('log a bug: search returns duplicates').intent).toBe('create_ticket');
    expect(parse('remind me to merge the Acme accounts tomorrow').intent).toBe('create_reminder');
    expect(parse('who is Acme?').intent).toBe('lookup_customer');
  });
});
