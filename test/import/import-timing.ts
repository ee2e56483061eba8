/**
 * Times a large customers import on a throwaway database (not part of the test suite; the CSV is
 * generated in memory and never committed):
 *
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx test/import/import-timing.ts [rows]
 *
 * Runs a dry run and a real import on an empty database, the same file again (every row now
 * matches exactly), and a second, different file of the same size against the filled table (every
 * new name goes through the trigram look-alike check against the existing rows).
 */
import { sql } from 'kysely';
import { importCsv } from '../../src/import/import-csv.js';
import { createTestDatabase } from '../support/test-db.js';

const rows = Number(process.argv[2] ?? 50_000);
const INDUSTRIES = ['Software', 'Retail', 'Manufacturing', 'Healthcare', 'Finance', '', 'Logistics'];
const SUFFIX = ['Inc', 'Ltd', 'GmbH', 'LLC', '', 'Corp.'];
const AREAS = [206, 212, 415, 312, 617, 303, 512, 646, 702, 808, 404, 305];
const GENERIC = ['Labs', 'Group', 'Systems', 'Foods', 'Logistics', 'Partners', 'Health', 'Energy', 'Studio', 'Solutions', 'Works', ''];

/** An invented brand word per company (most real names: one distinctive word and a generic one). */
function brand(k: number): string {
  // mulberry32 seeded by k: deterministic, and as varied as real brand names are.
  let x = (k * 2654435761) >>> 0;
  const next = () => {
    x = (x + 0x6d2b79f5) >>> 0;
    let t = Math.imul(x ^ (x >>> 15), 1 | x);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const consonants = 'bcdfghjklmnprstvwxyz';
  let word = '';
  for (let i = 0, len = 5 + Math.floor(next() * 4); i < len; i++) word += i % 2 ? 'aeiou'[Math.floor(next() * 5)] : consonants[Math.floor(next() * 20)];
  return word[0]!.toUpperCase() + word.slice(1);
}

/** A realistic mess: mixed phone formats, upper-case emails, websites with paths, repeats, bad rows. */
export function generateCustomersCsv(count: number, prefix: string): string {
  const out = ['Account Name,E-mail,Phone,Website,Industry,Notes'];
  for (let i = 0; i < count; i++) {
    // Every 50th row repeats an earlier company with the gaps filled differently.
    const n = i % 50 === 49 ? i - 7 : i;
    const k = n + (prefix === 'co' ? 0 : 100_000);
    const name = `${brand(k)} ${GENERIC[k % GENERIC.length]} ${SUFFIX[n % SUFFIX.length]}`.replace(/\s+/g, ' ').trim();
    const slug = `${brand(k)}-${k}`.toLowerCase();
    // Real area codes (libphonenumber rejects unassigned ones); distinct per row and per file.
    const [area, exchange, last] = [AREAS[k % AREAS.length], 200 + (k % 700), String(k % 10_000).padStart(4, '0')];
    const phone = n % 3 === 0 ? `(${area}) ${exchange}-${last}` : n % 3 === 1 ? `+1 ${area} ${exchange} ${last}` : '';
    const email = i % 200 === 3 ? 'not-an-email' : n % 4 === 0 ? '' : `Sales@${slug}.example.com`;
    const site = n % 2 === 0 ? `https://www.${slug}.example.com/about` : '';
    out.push([`"${name}"`, email, phone, site, INDUSTRIES[(i % 50 === 49 ? n + 1 : n) % 7]!, 'free text, ignored'].map((v) => (v.includes(',') && !v.startsWith('"') ? `"${v}"` : v)).join(','));
  }
  return `${out.join('\n')}\n`;
}

async function main() {
  const db = await createTestDatabase();
  try {
    console.log(`${db.description}, ${rows.toLocaleString('en-US')} rows per file`);
    const first = generateCustomersCsv(rows, 'co');
    const time = async (label: string, text: string, dryRun: boolean) => {
      const started = performance.now();
      const r = await importCsv(db.db, { text, dryRun });
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      console.log(`${label.padEnd(34)} ${seconds.padStart(6)} s  create ${r.create.customers}, update ${r.update.customers}, matched ${r.enrichments.length}, merged ${r.mergedInFile.length}, rejected ${r.rejected.length}, look-alikes ${r.possibleDuplicates.length}`);
    };
    await time('dry run, empty database', first, true);
    await time('import, empty database', first, false);
    await time('same file again (all exact matches)', first, false);
    await time('new file against filled table', generateCustomersCsv(rows, 'nx'), false);
    const { rows: [c] } = await sql<{ n: number }>`select count(*)::int8 as n from customers`.execute(db.db);
    console.log(`customers in the database: ${c!.n}`);
  } finally {
    await db.dispose();
  }
}

await main();
