import { AppError, conflict, notFound } from '../../app/errors.js';
import type { AuditEntry } from '../../crm/audit/audit.table.js';
import { findDealForUpdate } from '../../crm/deals/deal.repository.js';
import { deleteCreatedDeal, restoreDeal, type DealRestorePoint } from '../../crm/deals/deal.service.js';
import { formatMoney } from '../../crm/money.js';
import { findCustomerName, findOrder } from '../../crm/orders/order.repository.js';
import { undoRecordOrder } from '../../crm/orders/order.service.js';
import { findProductById } from '../../crm/orders/product.repository.js';
import { findTicketByIdForUpdate, findUserName, listTicketComments } from '../../crm/tickets/ticket.repository.js';
import { deleteCreatedTicket, restoreTicket, type TicketRestorePoint } from '../../crm/tickets/ticket.service.js';
import type { UndoMap } from './undo-types.js';

const cannotUndo = () => new AppError('invalid', 'That change can’t be undone from chat: its record is incomplete.');

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isId = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) > 0;

/** Audit JSON comes back from the database untyped: check the shape before trusting it. */
function ticketPoint(value: unknown): TicketRestorePoint {
  if (isObject(value) && isId(value.ticketId) && isId(value.number) && isObject(value.fields) && typeof value.writtenAt === 'string' && Array.isArray(value.changeCommentIds)) {
    return value as unknown as TicketRestorePoint;
  }
  throw cannotUndo();
}

function dealPoint(value: unknown): DealRestorePoint {
  if (isObject(value) && isId(value.dealId) && isObject(value.fields) && typeof value.writtenAt === 'string' && Array.isArray(value.stageChangeIds)) {
    return value as unknown as DealRestorePoint;
  }
  throw cannotUndo();
}

function entityId(entry: AuditEntry): number {
  if (!isId(entry.entity_id)) throw cannotUndo();
  return entry.entity_id;
}

export const ticketDealUndo: UndoMap = {
  async 'ticket.create'({ tx }, entry) {
    const ticket = await findTicketByIdForUpdate(tx, entityId(entry));
    if (!ticket) throw notFound('That ticket no longer exists, so there is nothing to undo.');
    // Deleting a ticket someone has since worked on would destroy their work: refuse instead.
    const worked = ticket.updated_at.getTime() !== ticket.created_at.getTime() || (await listTicketComments(tx, ticket.id)).length > 0;
    if (worked) {
      throw conflict(`Ticket #${ticket.number} has been worked on since it was opened, so I left it. Close it instead: “close ticket ${ticket.number}”.`);
    }
    await deleteCreatedTicket(tx, ticket.id);
    return `Removed ticket #${ticket.number} (${ticket.subject}).`;
  },

  async 'ticket.update'({ tx }, entry) {
    const point = ticketPoint(entry.before);
    const restored = await restoreTicket(tx, point);
    const parts = [restored.status, `${restored.priority} priority`];
    const after = isObject(entry.after) ? entry.after : {};
    if ('assignee_id' in after && after.assignee_id !== restored.assignee_id) {
      const name = restored.assignee_id === null ? null : (await findUserName(tx, restored.assignee_id))?.name;
      parts.push(name ? `assigned to ${name}` : 'unassigned');
    }
    return `Ticket #${restored.number} is back to ${parts.join(', ')}.`;
  },

  async 'deal.create'({ tx }, entry) {
    const deal = await findDealForUpdate(tx, entityId(entry));
    if (!deal) throw notFound('That deal no longer exists, so there is nothing to undo.');
    if (deal.updated_at.getTime() !== deal.created_at.getTime()) {
      throw conflict(`Deal #${deal.id} ${deal.title} has changed since it was created, so I left it. Mark it lost instead if it is dead.`);
    }
    await deleteCreatedDeal(tx, deal.id);
    return `Removed deal #${deal.id} ${deal.title}.`;
  },

  async 'deal.update'({ tx }, entry) {
    const restored = await restoreDeal(tx, dealPoint(entry.before));
    const amount = restored.amount === null ? 'no amount' : formatMoney(restored.amount, restored.currency);
    const closing = restored.close_date ? `closing ${restored.close_date}` : 'no close date';
    return `Deal #${restored.id} ${restored.title} is back to ${restored.stage}, ${amount}, ${closing}.`;
  },

  async 'order.create'({ tx }, entry) {
    const after = isObject(entry.after) ? entry.after : {};
    if (!isId(after.orderId)) throw cannotUndo();
    const createdProductId = isId(after.createdProductId) ? after.createdProductId : null;
    const found = await findOrder(tx, after.orderId);
    if (!found) throw notFound('That order no longer exists, so there is nothing to undo.');
    const customer = (await findCustomerName(tx, found.order.customer_id)) ?? 'the customer';
    const product = createdProductId ? await findProductById(tx, createdProductId) : undefined;
    await undoRecordOrder(tx, { orderId: found.order.id, createdProductId });
    const total = formatMoney(found.order.total, found.order.currency);
    // The product goes only when no other order uses it by now (the service checks).
    const productNote = product && !(await findProductById(tx, product.id)) ? `, and the product ${product.name} it had created` : '';
    return `Removed the order for ${customer} (${total})${productNote}.`;
  },
};
