// A handful of reminders per sales rep, placed in the rep's own time zone so "due today" is
// today where they are: one overdue (already delivered), one later today, one tomorrow morning,
// one next week, and one already done.
import { DateTime } from 'luxon';
import type { PlannedCustomer, SeedContext, Staff } from './context.js';
import { DAY_MS, Rng, addMs, minDate } from './random.js';
import { REMINDER_TEMPLATES, fill } from './texts.js';

type Slot = 'overdue' | 'today' | 'tomorrow' | 'next-week' | 'done';
const SLOTS: Slot[] = ['tomorrow', 'overdue', 'today', 'next-week', 'done'];

function dueAt(slot: Slot, now: Date, timeZone: string, rng: Rng): Date {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  switch (slot) {
    case 'overdue':
      return local.minus({ days: rng.int(1, 4) }).set({ hour: 10, minute: 0, second: 0, millisecond: 0 }).toJSDate();
    case 'today': {
      const fivePm = local.set({ hour: 17, minute: 0, second: 0, millisecond: 0 });
      // Late in the day already: an hour from now, but still today.
      return (fivePm > local ? fivePm : DateTime.min(local.plus({ hours: 1 }), local.endOf('day'))).toJSDate();
    }
    case 'tomorrow':
      return local.plus({ days: 1 }).set({ hour: 9, minute: 30, second: 0, millisecond: 0 }).toJSDate();
    case 'next-week':
      return local.plus({ days: rng.int(5, 8) }).set({ hour: 11, minute: 0, second: 0, millisecond: 0 }).toJSDate();
    case 'done':
      return local.minus({ days: rng.int(5, 20) }).set({ hour: 14, minute: 0, second: 0, millisecond: 0 }).toJSDate();
  }
}

export function seedReminders(ctx: SeedContext, accounts: Map<number, PlannedCustomer[]>): void {
  ctx.sales.forEach((rep: Staff, repIndex) => {
    const rng = Rng.stream(ctx.seed, 'reminders', repIndex);
    const owned = accounts.get(rep.id) ?? [];
    SLOTS.forEach((slot, i) => {
      // The first rep's first reminder is the one the docs quote (Acme Corp is index 0).
      const customer = repIndex === 0 && i === 0 ? owned.find((c) => c.index === 0) : owned.length ? rng.pick(owned) : undefined;
      const contact = customer?.contacts[0];
      const template = repIndex === 0 && i === 0 ? REMINDER_TEMPLATES[0] : rng.pick(REMINDER_TEMPLATES);
      const text = customer
        ? fill(rng, template, { company: customer.name, ...(contact ? { contact: contact.name } : {}) })
        : 'Review my pipeline for the week';
      const due = dueAt(slot, ctx.now, rep.timeZone, rng);
      ctx.writer.push('reminders', {
        id: ctx.ids.next('reminders'),
        owner_id: rep.id,
        text,
        due_at: due,
        due_has_time: true,
        customer_id: customer?.id ?? null,
        activity_id: null,
        done_at: slot === 'done' ? addMs(due, 2 * 3_600_000) : null,
        // Past-due reminders were already sent, so a fresh start does not fire a burst of them.
        delivered_at: slot === 'overdue' || slot === 'done' ? due : null,
        created_at: addMs(minDate(due, ctx.now), -rng.int(1, 6) * DAY_MS),
      });
    });
  });
}
