// Frozen in time: never import application code here.
import { sql, type Kysely } from 'kysely';

/**
 * waiting_since: when a worker first handed the job back because this process cannot deliver it
 * (the user or channel is on a platform another bot on the same database serves). Hand-offs do
 * not use up attempts; a job nobody has been able to take for a day is ended from this time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table jobs add column waiting_since timestamptz`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table jobs drop column if exists waiting_since`.execute(db);
}
