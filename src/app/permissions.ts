import type { Intent } from '../intents/catalog.js';
import type { UserRole } from '../crm/users/user.table.js';

/**
 * Who may do what. Support works tickets and sees customers; sales works customers, deals and
 * their own pipeline; managers and admins see every report. Returns null when allowed, or the
 * polite reason shown to the user.
 */
export function permissionFor(role: UserRole, intent: Intent): string | null {
  if (role === 'admin' || role === 'manager') return null;
  switch (intent.intent) {
    case 'create_deal':
    case 'update_deal':
    case 'record_order':
      return role === 'sales' ? null : 'Deals and orders are handled by the sales team, so I can’t do that for a support account.';
    case 'update_ticket':
      return role === 'support' ? null : 'Only support staff (or a manager) can change tickets; you can still open one or look one up.';
    case 'report': {
      const { report, owner } = intent.slots;
      if (role === 'support' && report === 'tickets') return null;
      if (role === 'sales' && (report === 'pipeline' || report === 'activities') && owner?.toLowerCase() === 'me') return null;
      return role === 'sales'
        ? 'Team reports are for managers. You can see your own numbers: try “my pipeline” or “my activities this month”.'
        : 'Team reports are for managers. Support can see the ticket report: try “ticket report this week”.';
    }
    default:
      return null;
  }
}
