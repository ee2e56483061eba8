import { migrateToLatest } from '../../db/migrate.js';
import type { CliCommand } from '../command.js';
import { withDatabase } from '../open-db.js';

export const migrateCommand: CliCommand = {
  name: 'migrate',
  summary: 'apply all pending database migrations (safe to run again)',
  usage: 'rapport migrate',
  async run() {
    return withDatabase(async ({ db, description }) => {
      const results = await migrateToLatest(db);
      if (results.length === 0) console.log(`${description}: already up to date.`);
      for (const r of results) console.log(`${description}: applied ${r.migrationName}`);
      return 0;
    });
  },
};
