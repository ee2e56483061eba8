import type { DealView } from '../../crm/deals/deal.repository.js';
import { formatMoney } from '../../crm/money.js';
import type { Field } from '../../reply/reply.js';
import { formatDay } from '../common/format.js';
import type { HandlerContext } from '../handler.js';

/** "#12 Contoso expansion": how a deal is named in replies. */
export const dealTitle = (d: Pick<DealView, 'id' | 'title'>): string => `#${d.id} ${d.title}`;

export function dealFields(d: DealView, ctx: HandlerContext): Field[] {
  return [
    { label: 'Customer', value: d.customer_name },
    { label: 'Amount', value: d.amount === null ? 'not set' : formatMoney(d.amount, d.currency) },
    { label: 'Stage', value: d.stage },
    // A close date is a calendar day, not an instant: shown as stored, never shifted by a zone.
    { label: 'Close date', value: d.close_date ? `${formatDay(d.close_date, ctx.tz)} (${d.close_date})` : 'not set' },
    { label: 'Owner', value: d.owner_name ?? 'nobody' },
  ];
}

/** What memory keeps after a deal was touched: the deal itself and its customer ("them"). */
export function rememberDeal(d: DealView): { dealId: number; customer: { id: number; name: string } } {
  return { dealId: d.id, customer: { id: d.customer_id, name: d.customer_name } };
}
