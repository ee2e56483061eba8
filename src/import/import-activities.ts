import { isAppError } from '../app/errors.js';
import { cleanText } from '../crm/validation.js';
import type { ActivityKind } from '../intents/catalog.js';
import { insertRows } from './batch-sql.js';
import { RowCheck, type ImportContext, type ImportPlan } from './import-context.js';
import { columnValues, customerRefsOf, rowCustomer } from './import-orders.js';
import { parseDate, sniffDayOrder } from './values.js';

// The words CRMs and spreadsheets use for the four kinds Rapport keeps.
const KINDS: Record<string, ActivityKind> = {
  call: 'call', phone: 'call', phonecall: 'call', called: 'call', calllog: 'call',
  meeting: 'meeting', meet: 'meeting', visit: 'meeting', demo: 'meeting', lunch: 'meeting', videocall: 'meeting',
  email: 'email', mail: 'email', emailsent: 'email',
  note: 'note', notes: 'note', comment: 'note', other: 'note', task: 'note',
};

/** Activities attach to existing customers; their author is the "Owner"/"User" column when it names a user. */
export async function planActivities(ctx: ImportContext): Promise<ImportPlan> {
  const refs = await customerRefsOf(ctx);
  const dayOrder = sniffDayOrder(columnValues(ctx, 'date'));
  const rows: { customer_id: number; author_id?: number; kind: ActivityKind; summary?: string; occurred_at: string }[] = [];
  for (const row of ctx.table.rows) {
    const check = new RowCheck(ctx, row);
    const customerId = rowCustomer(check, refs);
    const kindCell = check.cell('kind');
    const kind = kindCell ? KINDS[kindCell.toLowerCase().replace(/[^a-z]/g, '')] : 'note';
    if (!kind) check.fail(`type "${kindCell}" is not one of call, meeting, email, note`);
    let summary: string | undefined;
    try {
      summary = cleanText(check.cell('summary'), 'summary', { max: 10_000 }) || undefined;
    } catch (error) {
      if (!isAppError(error)) throw error;
      check.fail(error.userMessage);
    }
    const date = check.cell('date') ? parseDate(check.cell('date'), dayOrder) : { ok: false as const, reason: 'the date is empty' };
    if (!date.ok) check.fail(date.reason);
    if (!check.done() || customerId === undefined || !kind || !date.ok) continue;
    const owner = check.cell('owner');
    rows.push({ customer_id: customerId, author_id: owner ? ctx.owners.resolve(owner, row.line) : undefined, kind, summary, occurred_at: date.value });
  }
  ctx.report.validRows = rows.length;
  ctx.report.create.activities = rows.length;
  return {
    async apply(db) {
      await insertRows(db, 'activities', { customer_id: 'int8', author_id: 'int8', kind: 'text', summary: 'text', occurred_at: 'timestamptz' }, rows);
    },
  };
}
