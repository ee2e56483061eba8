import { sql } from 'kysely';
import { TABLES } from '../../db/database.js';
import { migrateToLatest } from '../../db/migrate.js';
import { SEED_MIXES, SEED_TABLES, customerCount, seedDemo, type SeedMixName } from '../../seed/index.js';
import { cliArgs } from '../args.js';
import type { CliCommand } from '../command.js';
import { withDatabase } from '../open-db.js';

const USAGE = 'rapport seed --demo [--force] [--scale N] [--mix demo|bench] [--seed S] [--now ISO-TIME]';

export interface SeedArgs {
  demo: boolean;
  force: boolean;
  scale: number;
  mix: SeedMixName;
  seed: number;
  now?: Date;
}

const cli = cliArgs(USAGE);

/** Accepts `--scale 10` and `--scale=10`; anything unknown is a usage error (exit 2). */
export function parseSeedArgs(argv: string[]): SeedArgs {
  const { values } = cli.parse(argv, {
    demo: { type: 'boolean', default: false },
    force: { type: 'boolean', default: false },
    scale: { type: 'string' },
    mix: { type: 'string' },
    seed: { type: 'string' },
    now: { type: 'string' },
  });
  return {
    demo: values.demo,
    force: values.force,
    scale: cli.positiveNumber('--scale', values.scale, 10_000) ?? 1,
    mix: cli.oneOf('--mix', values.mix, Object.keys(SEED_MIXES) as SeedMixName[]) ?? 'demo',
    seed: cli.wholeNumber('--seed', values.seed) ?? 42,
    now: cli.instant('--now', values.now),
  };
}

export const seedCommand: CliCommand = {
  name: 'seed',
  summary: 'load the demo company (--demo), or a scaled copy for benchmarks (--scale N)',
  usage: `${USAGE}

  --demo      required: writes ~300 customers with a year of activities, orders, tickets, deals
  --force     erase every CRM table first (same transaction) when the database is not empty
  --scale N   multiply customers and everything hanging off them (default 1; 333 ≈ 100k customers)
  --mix M     demo (default: ~2 contacts, 9 activities, 8 order lines, 0.5 ticket per customer) or
              bench (the benchmark's denser history: ~3 contacts, 10 activities, 10 lines, 1 ticket)
  --seed S    random seed (default 42): same seed, same data
  --now T     the "as of" moment (default: the current time, so the data looks recent)`,
  async run(argv) {
    const args = parseSeedArgs(argv);
    if (!args.demo) {
      console.error(`usage: ${seedCommand.usage}`);
      return 2;
    }
    return withDatabase(async ({ db, description }) => {
      await migrateToLatest(db);
      const { rows } = await sql<{ n: number }>`select count(*)::int8 as n from customers`.execute(db);
      const existing = Number(rows[0]?.n ?? 0);
      if (existing > 0 && !args.force) {
        console.error(
          `rapport seed: ${description} already has ${existing} customer${existing === 1 ? '' : 's'}; nothing written.\n` +
            'Run `rapport seed --demo --force` to erase all CRM data and load the demo company instead.',
        );
        return 1;
      }
      const total = customerCount(args.scale);
      console.log(`Seeding ${description}: ${total} customers (scale ${args.scale}, ${args.mix} mix, seed ${args.seed})${args.force && existing ? `, replacing ${existing} existing` : ''}…`);
      const started = performance.now();
      const counts = await db.transaction().execute(async (tx) => {
        // Emptied inside the seed's transaction: a failed seed leaves the old data in place.
        if (args.force) await sql`truncate ${sql.join(TABLES.map((t) => sql.table(t)))} restart identity cascade`.execute(tx);
        return seedDemo(tx, {
          scale: args.scale,
          mix: args.mix,
          seed: args.seed,
          now: args.now ?? new Date(),
          onProgress: total > 5000 ? (done, all) => console.log(`  ${done}/${all} customers`) : undefined,
        });
      });
      const seconds = (performance.now() - started) / 1000;
      const width = Math.max(...SEED_TABLES.map((t) => t.length));
      for (const table of SEED_TABLES) console.log(`  ${table.padEnd(width)}  ${counts[table].toLocaleString('en-US').padStart(10)}`);
      const rowsTotal = SEED_TABLES.reduce((sum, t) => sum + counts[t], 0);
      console.log(`Done: ${rowsTotal.toLocaleString('en-US')} rows in ${seconds.toFixed(1)} s.`);
      return 0;
    });
  },
};
