import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SEED_NOW, WELL_KNOWN_CUSTOMERS, seedDemo, type SeedCounts } from '../../src/seed/index.js';
import { useTestDatabase } from '../support/test-db.js';

// One seeded database for the whole file: every test only reads it (except the last two, which
// add rows the way the app would and check the sequences were moved past the seeded ids).
const t = useTestDatabase({ truncateEachTest: false });
let counts: SeedCounts;
let seconds: number;

beforeAll(async () => {
  const started = performance.now();
  counts = await seedDemo(t.db);
  seconds = (performance.now() - started) / 1000;
});

const rows = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(t.db)).rows;

describe('seedDemo (scale 1)', () => {
  it('writes a believable company quickly', async () => {
    expect(seconds).toBeLessThan(10);
    expect(counts.customers).toBe(300);
    expect(counts.users).toBe(10);
    expect(counts.products).toBeGreaterThanOrEqual(12);
    expect(counts.campaigns).toBe(5);
    expect(counts.activities).toBeGreaterThan(2500);
    expect(counts.activities).toBeLessThan(3500);
    expect(counts.orders).toBeGreaterThan(1200);
    expect(counts.orders).toBeLessThan(1800);
    expect(counts.tickets).toBeGreaterThan(120);
    expect(counts.tickets).toBeLessThan(200);
    expect(counts.deals).toBeGreaterThan(100);
    expect(counts.deals).toBeLessThan(170);
    // The returned counts are what is really in the tables.
    const [row] = await rows(sql<{ n: number }>`select count(*)::int8 as n from activities`);
    expect(row!.n).toBe(counts.activities);
  });

  it('has staff in every role, with lower-case company emails and real time zones', async () => {
    const users = await t.db.selectFrom('users').select(['role', 'email', 'time_zone']).orderBy('id').execute();
    const byRole = (r: string) => users.filter((u) => u.role === r).length;
    expect([byRole('admin'), byRole('manager'), byRole('sales'), byRole('support')]).toEqual([1, 1, 5, 3]);
    for (const u of users) expect(u.email).toMatch(/^[a-z.]+@northbeam\.example$/);
    expect(new Set(users.map((u) => u.time_zone))).toEqual(
      new Set(['America/New_York', 'America/Chicago', 'Europe/London', 'Europe/Berlin', 'America/Los_Angeles']),
    );
  });

  it('covers every deal stage and every ticket status', async () => {
    const stages = await rows(sql<{ stage: string }>`select distinct stage from deals order by 1`);
    expect(stages.map((r) => r.stage)).toEqual(['lead', 'lost', 'negotiation', 'proposal', 'qualified', 'won']);
    const statuses = await rows(sql<{ status: string }>`select distinct status from tickets order by 1`);
    expect(statuses.map((r) => r.status)).toEqual(['closed', 'open', 'pending', 'resolved']);
    const priorities = await rows(sql<{ priority: string }>`select distinct priority from tickets order by 1`);
    expect(priorities).toHaveLength(4);
  });

  it('makes every order total exactly the sum of its lines', async () => {
    const [row] = await rows(sql<{ bad: number; empty: number }>`
      select count(*) filter (where o.total <> l.sum)::int8 as bad, count(*) filter (where l.sum is null)::int8 as empty
      from orders o left join (select order_id, sum(total) as sum from order_lines group by order_id) l on l.order_id = o.id`);
    expect(row).toEqual({ bad: 0, empty: 0 });
    const [lines] = await rows(sql<{ bad: number }>`select count(*)::int8 as bad from order_lines where total <> quantity * unit_price`);
    expect(lines!.bad).toBe(0);
  });

  it('keeps activities and orders within the year before now', async () => {
    const yearAgo = new Date(DEFAULT_SEED_NOW.getTime() - 365 * 86_400_000);
    const [row] = await rows(sql<{ bad: number }>`
      select (select count(*) from activities where occurred_at < ${yearAgo} or occurred_at > ${DEFAULT_SEED_NOW})
           + (select count(*) from orders where ordered_at < ${yearAgo} or ordered_at > ${DEFAULT_SEED_NOW}) as bad`);
    expect(Number(row!.bad)).toBe(0);
    // Nothing happens to a customer before the customer existed.
    const [early] = await rows(sql<{ n: number }>`
      select count(*)::int8 as n from activities a join customers c on c.id = a.customer_id where a.occurred_at < c.created_at`);
    expect(early!.n).toBe(0);
  });

  it('skews buying so RFM segments differ: recent big buyers and lapsed accounts', async () => {
    const [row] = await rows(sql<{ recent: number; lapsed: number; top_share: string }>`
      with per as (select customer_id, max(ordered_at) as last, sum(total) as spent from orders group by customer_id),
      ranked as (select spent, ntile(10) over (order by spent desc) as decile from per)
      select (select count(*) from per where last > ${DEFAULT_SEED_NOW}::timestamptz - interval '30 days')::int8 as recent,
             (select count(*) from per where last < ${DEFAULT_SEED_NOW}::timestamptz - interval '150 days')::int8 as lapsed,
             ((select sum(spent) from ranked where decile = 1) / (select sum(spent) from ranked))::text as top_share`);
    expect(row!.recent).toBeGreaterThan(30);
    expect(row!.lapsed).toBeGreaterThan(20);
    expect(Number(row!.top_share)).toBeGreaterThan(0.3);
  });

  it('has the well-known customers with their contacts, orders, activities, an open deal and an open ticket', async () => {
    const known = await rows(sql<{ name: string; orders: number; activities: number; open_deals: number; open_tickets: number; contacts: number }>`
      select c.name,
        (select count(*) from orders o where o.customer_id = c.id)::int8 as orders,
        (select count(*) from activities a where a.customer_id = c.id)::int8 as activities,
        (select count(*) from deals d where d.customer_id = c.id and d.stage not in ('won', 'lost'))::int8 as open_deals,
        (select count(*) from tickets k where k.customer_id = c.id and k.status = 'open')::int8 as open_tickets,
        (select count(*) from contacts p where p.customer_id = c.id)::int8 as contacts
      from customers c where c.name in (${sql.join(WELL_KNOWN_CUSTOMERS.map((c) => c.name))}) order by c.id`);
    expect(known.map((k) => k.name)).toEqual(WELL_KNOWN_CUSTOMERS.map((c) => c.name));
    for (const k of known) {
      expect(k.orders, k.name).toBeGreaterThanOrEqual(3);
      expect(k.activities, k.name).toBeGreaterThanOrEqual(3);
      expect(k.open_deals, k.name).toBeGreaterThanOrEqual(1);
      expect(k.open_tickets, k.name).toBeGreaterThanOrEqual(1);
      expect(k.contacts, k.name).toBeGreaterThanOrEqual(1);
    }
    const jane = await t.db
      .selectFrom('contacts').innerJoin('customers', 'customers.id', 'contacts.customer_id').innerJoin('users', 'users.id', 'customers.owner_id')
      .select(['contacts.email', 'customers.name as customer', 'users.name as owner'])
      .where('contacts.name', '=', 'Jane Cooper').executeTakeFirstOrThrow();
    const firstSales = await t.db.selectFrom('users').select('name').where('role', '=', 'sales').orderBy('id').executeTakeFirstOrThrow();
    expect(jane).toEqual({ email: 'jane@acme.example', customer: 'Acme Corp', owner: firstSales.name });
    const bill = await t.db.selectFrom('contacts').innerJoin('customers', 'customers.id', 'contacts.customer_id')
      .select(['contacts.email', 'customers.name']).where('contacts.name', '=', 'Bill Lumbergh').executeTakeFirstOrThrow();
    expect(bill).toEqual({ email: 'bill@initech.example', name: 'Initech' });
    const acmes = await t.db.selectFrom('customers').select('name').where(sql<boolean>`lower(name) like '%acme%'`).execute();
    expect(acmes.length).toBeGreaterThanOrEqual(2);
  });

  it('gives contacts unique lower-case emails on the customer domain and E.164 phones', async () => {
    const [row] = await rows(sql<{ off_domain: number; phones: number; bad_phones: number }>`
      select count(*) filter (where c.domain is not null and p.email not like '%@' || c.domain)::int8 as off_domain,
             count(p.phone)::int8 as phones,
             count(*) filter (where p.phone !~ '^\\+(1[2-9][0-9]{9}|44[0-9]{10}|49[0-9]{10,11})$')::int8 as bad_phones
      from contacts p join customers c on c.id = p.customer_id`);
    expect(row!.off_domain).toBe(0);
    expect(row!.phones).toBeGreaterThan(300);
    expect(row!.bad_phones).toBe(0);
    const [people] = await rows(sql<{ n: number }>`select count(*)::int8 as n from customers where kind = 'person'`);
    expect(people!.n).toBeGreaterThan(15);
    expect(people!.n).toBeLessThan(50);
  });

  it('keeps deal histories and ticket timestamps consistent with the current state', async () => {
    const [deal] = await rows(sql<{ bad_last: number; bad_first: number; bad_closed: number }>`
      with h as (select deal_id, (array_agg(to_stage order by changed_at, id desc))[count(*)] as last_to,
                        (array_agg(from_stage order by changed_at, id))[1] as first_from,
                        (array_agg(to_stage order by changed_at, id))[1] as first_to
                 from deal_stage_history group by deal_id)
      select count(*) filter (where h.last_to is distinct from d.stage)::int8 as bad_last,
             count(*) filter (where h.first_from is not null or h.first_to <> 'lead')::int8 as bad_first,
             count(*) filter (where (d.closed_at is not null) <> (d.stage in ('won', 'lost')))::int8 as bad_closed
      from deals d left join h on h.deal_id = d.id`);
    expect(deal).toEqual({ bad_last: 0, bad_first: 0, bad_closed: 0 });
    const [ticket] = await rows(sql<{ bad: number }>`
      select count(*)::int8 as bad from tickets where
        (resolved_at is not null) <> (status in ('resolved', 'closed')) or (closed_at is not null) <> (status = 'closed')
        or resolved_at > ${DEFAULT_SEED_NOW} or closed_at > ${DEFAULT_SEED_NOW} or closed_at < resolved_at
        or sla_due_at <= created_at or (assignee_id is null and status in ('resolved', 'closed'))`);
    expect(ticket!.bad).toBe(0);
  });

  it('gives every sales rep open reminders: overdue, due soon and later', async () => {
    const reps = await rows(sql<{ name: string; open: number; overdue: number; soon: number }>`
      select u.name, count(*) filter (where r.done_at is null)::int8 as open,
        count(*) filter (where r.done_at is null and r.due_at < ${DEFAULT_SEED_NOW})::int8 as overdue,
        count(*) filter (where r.done_at is null and r.due_at between ${DEFAULT_SEED_NOW} and ${DEFAULT_SEED_NOW}::timestamptz + interval '2 days')::int8 as soon
      from users u join reminders r on r.owner_id = u.id where u.role = 'sales' group by u.name`);
    expect(reps).toHaveLength(5);
    for (const rep of reps) {
      expect(rep.open, rep.name).toBeGreaterThanOrEqual(3);
      expect(rep.overdue, rep.name).toBeGreaterThanOrEqual(1);
      expect(rep.soon, rep.name).toBeGreaterThanOrEqual(2);
    }
  });

  it('leaves the sequences past the seeded ids, so the app can add rows right away', async () => {
    const ticket = await t.db.insertInto('tickets').values({ subject: 'After the seed' }).returning(['id', 'number']).executeTakeFirstOrThrow();
    expect(ticket).toEqual({ id: counts.tickets + 1, number: counts.tickets + 1 });
    const customer = await t.db.insertInto('customers').values({ name: 'Brand New Ltd' }).returning('id').executeTakeFirstOrThrow();
    expect(customer.id).toBe(301);
  });

  it('seeds again next to existing staff and products without duplicating them', async () => {
    // As on a bot's first start: staff (say, the console user) may exist, customers do not.
    await sql`truncate customers, campaigns restart identity cascade`.execute(t.db);
    const again = await seedDemo(t.db, { scale: 0.05, seed: 9 });
    expect(again.users).toBe(0);
    expect(again.products).toBe(0);
    expect(again.customers).toBe(15);
    const [users] = await rows(sql<{ n: number }>`select count(*)::int8 as n from users`);
    expect(users!.n).toBe(10);
  });
});
