import { unmergeCustomers } from '../../crm/customers/merge.js';
import type { UndoMap } from './undo-types.js';

export const mergeUndo: UndoMap = {
  async 'customer.merge'({ tx }, entry) {
    const { sourceName, targetName } = await unmergeCustomers(tx, entry.before);
    return `Unmerged: ${sourceName} is back as a customer of its own, with its records; ${targetName} is as it was.`;
  },
};
