import { sql } from 'kysely';
import { TABLES } from '../../db/database.js';
import { migrationState } from '../../db/migrate.js';
import type { CliCommand } from '../command.js';
import { withDatabase } from '../open-db.js';

const TOKENS: Array<[label: string, vars: string[]]> = [
  ['Slack (Socket Mode)', ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN']],
  ['Slack (HTTP)', ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET']],
  ['Discord gateway', ['DISCORD_TOKEN']],
  ['Discord HTTP interactions', ['DISCORD_PUBLIC_KEY', 'DISCORD_APPLICATION_ID']],
  ['LLM (OpenAI-compatible)', ['OPENAI_API_KEY']],
];

export const doctorCommand: CliCommand = {
  name: 'doctor',
  summary: 'show the database in use, migration state, row counts and configured platforms',
  usage: 'rapport doctor',
  async run() {
    return withDatabase(async ({ db, description }) => {
      console.log(`Database: ${description}`);
      const state = await migrationState(db);
      console.log(
        `Migrations: ${state.applied.length} applied, ${state.pending.length} pending` +
          (state.pending.length ? ` (run \`rapport migrate\`): ${state.pending.join(', ')}` : ''),
      );
      if (state.applied.length > 0) {
        console.log('Rows:');
        const counts = await sql<{ table: string; n: number }>`${sql.join(
          TABLES.map((t) => sql`select ${t} as "table", count(*)::int8 as n from ${sql.table(t)}`),
          sql` union all `,
        )}`.execute(db);
        const width = Math.max(...TABLES.map((t) => t.length));
        for (const row of counts.rows) console.log(`  ${row.table.padEnd(width)}  ${row.n}`);
      }
      console.log('Platforms:');
      for (const [label, vars] of TOKENS) {
        const missing = vars.filter((v) => !process.env[v]);
        console.log(`  ${label}: ${missing.length ? `not configured (missing ${missing.join(', ')})` : 'configured'}`);
      }
      if (process.env.OPENAI_BASE_URL) console.log(`  LLM base URL: ${process.env.OPENAI_BASE_URL}`);
      return 0;
    });
  },
};
