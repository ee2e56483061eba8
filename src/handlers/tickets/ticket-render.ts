import { permissionFor } from '../../app/permissions.js';
import type { TicketView } from '../../crm/tickets/ticket.repository.js';
import type { UserRole } from '../../crm/users/user.table.js';
import { button, type Action, type Field } from '../../reply/reply.js';
import { formatInstant, formatRelative } from '../common/format.js';
import type { HandlerContext } from '../handler.js';

/** "#42 SSO fails": how a ticket is named in headers, sentences and tables. */
export const ticketTitle = (t: Pick<TicketView, 'number' | 'subject'>): string => `#${t.number} ${t.subject}`;

const isOpen = (t: Pick<TicketView, 'status'>): boolean => t.status === 'open' || t.status === 'pending';

/**
 * Buttons follow the permission table rather than repeating it: a salesperson is never offered
 * a Close they would then be refused.
 */
export function canWorkTickets(role: UserRole): boolean {
  return permissionFor(role, { intent: 'update_ticket', slots: { ticket: 1 } }) === null;
}

export function isOverdue(t: Pick<TicketView, 'status' | 'sla_due_at'>, now: Date): boolean {
  return isOpen(t) && t.sla_due_at !== null && t.sla_due_at.getTime() < now.getTime();
}

/** "Wed 18 Nov 2026, 14:00 (in 4 hours)", flagged when an unfinished ticket is past it. */
export function slaText(t: Pick<TicketView, 'status' | 'sla_due_at'>, now: Date, tz: string): string {
  if (!t.sla_due_at) return '—';
  const when = `${formatInstant(t.sla_due_at, tz)} (${formatRelative(t.sla_due_at, now)})`;
  if (isOverdue(t, now)) return `OVERDUE: was due ${when}`;
  return isOpen(t) ? when : `${when}, ${t.status}`;
}

/** Compact spans for table cells: "45m", "5h", "3d". */
export function shortSpan(ms: number): string {
  const minutes = Math.max(0, Math.round(Math.abs(ms) / 60_000));
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours}h` : `${Math.round(hours / 24)}d`;
}

/** "3d old · due in 5h", "2h old · overdue 1h": the table's age / SLA cell. */
export function ageAndSla(t: TicketView, now: Date): string {
  const age = `${shortSpan(now.getTime() - t.created_at.getTime())} old`;
  if (!isOpen(t) || !t.sla_due_at) return age;
  const left = t.sla_due_at.getTime() - now.getTime();
  return left < 0 ? `${age} · overdue ${shortSpan(left)}` : `${age} · due in ${shortSpan(left)}`;
}

export function ticketFields(t: TicketView, ctx: HandlerContext): Field[] {
  const now = ctx.now();
  return [
    { label: 'Customer', value: t.customer_name ?? '—' },
    { label: 'Status', value: t.status },
    { label: 'Priority', value: t.priority },
    { label: 'Assignee', value: t.assignee_name ?? 'nobody' },
    { label: 'Requester', value: t.requester_name ?? '—' },
    { label: 'SLA due', value: slaText(t, now, ctx.tz) },
    { label: 'Created', value: formatInstant(t.created_at, ctx.tz) },
  ];
}

/** Close / Assign to me, each only when it would do something and the user may use it. */
export function ticketWorkButtons(ctx: HandlerContext, t: TicketView, options: { close: boolean }): Action[] {
  if (!canWorkTickets(ctx.actor.role)) return [];
  const out: Action[] = [];
  const value = String(t.number);
  if (options.close && t.status !== 'closed') out.push(button('Close', { verb: 'ticket.close', value, forUserId: ctx.actor.id }));
  if (t.assignee_id !== ctx.actor.id) {
    out.push(button('Assign to me', { verb: 'ticket.assign_me', value, forUserId: ctx.actor.id }, 'primary'));
  }
  return out;
}

/** What memory keeps after a ticket was shown or changed, so "close it" and "them" work next. */
export function rememberTicket(t: TicketView): { ticketNumber: number; customer?: { id: number; name: string } } {
  return t.customer_id !== null && t.customer_name !== null
    ? { ticketNumber: t.number, customer: { id: t.customer_id, name: t.customer_name } }
    : { ticketNumber: t.number };
}
