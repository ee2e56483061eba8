// Entry point of the demo-data generator: staff and catalogue first, then customers in chunks
// (each chunk with all its children, flushed parents-first), then reminders, all in one
// transaction. Chunking keeps memory flat at --scale 333 (100k customers, ~1M activities).
import type { Kysely } from 'kysely';
import type { Database, DbOrTx } from '../db/database.js';
import { inTransaction } from '../db/transaction.js';
import { seedActivities } from './activities.js';
import { BatchWriter, IdAllocator, syncSequences, type SeedCounts } from './batch-writer.js';
import { seedCampaignMembers, seedCampaigns } from './campaigns.js';
import { SEED_PRODUCTS, SEED_USERS, WELL_KNOWN_CUSTOMERS, userEmail } from './catalog.js';
import { SEED_MIXES, type PlannedCustomer, type SeedContext, type SeedMixName, type Staff } from './context.js';
import { NameRegistry, seedCustomer } from './customers.js';
import { seedDeals } from './deals.js';
import { centsToMoney, seedOrders } from './orders.js';
import { DAY_MS, addMs } from './random.js';
import { seedReminders } from './reminders.js';
import { seedTickets } from './tickets.js';

export interface SeedOptions {
  /** Multiplies customers and everything hanging off them (not staff, products or campaigns). */
  scale?: number;
  /** Same seed, same data. */
  seed?: number;
  /** How many children each customer gets (default `demo`; `bench` is the benchmark's denser history). */
  mix?: SeedMixName;
  /** The moment the data is "as of": activities and orders fall in the year before it. */
  now?: Date;
  /** Called after each chunk of customers, for progress output on large runs. */
  onProgress?: (customersDone: number, customersTotal: number) => void;
}

/** The fixed "as of" date of the reproducible demo (docs and tests quote data relative to it). */
export const DEFAULT_SEED_NOW = new Date('2026-11-18T15:00:00Z');
export const BASE_CUSTOMERS = 300;
const CHUNK = 1000;

export function customerCount(scale: number): number {
  if (!Number.isFinite(scale) || scale <= 0) throw new Error(`scale must be a positive number, got ${scale}`);
  return Math.max(WELL_KNOWN_CUSTOMERS.length, Math.round(BASE_CUSTOMERS * scale));
}

/** Writes the demo company into `db` (joining the caller's transaction if it is one); returns rows written per table. */
export async function seedDemo(db: DbOrTx, options: SeedOptions = {}): Promise<SeedCounts> {
  const { scale = 1, seed = 42, now = DEFAULT_SEED_NOW, onProgress } = options;
  const mix = SEED_MIXES[options.mix ?? 'demo'];
  const total = customerCount(scale);
  return inTransaction(db, async (tx) => {
    const writer = new BatchWriter(tx);
    const ids = await IdAllocator.load(tx);
    const staff = await seedUsers(tx, writer, ids, now);
    const ctx: SeedContext = {
      seed, mix, now, yearAgo: addMs(now, -365 * DAY_MS), writer, ids,
      sales: staff.filter((s) => s.role === 'sales'),
      support: staff.filter((s) => s.role === 'support'),
      products: await seedProducts(tx, writer, ids, now),
      campaigns: [],
    };
    ctx.campaigns = seedCampaigns(ctx);
    await writer.flush();

    const registry = new NameRegistry();
    // Reminders point at accounts the rep owns; the first chunk has plenty to choose from.
    const accounts = new Map<number, PlannedCustomer[]>();
    for (let from = 0; from < total; from += CHUNK) {
      for (let index = from; index < Math.min(total, from + CHUNK); index++) {
        const customer = seedCustomer(ctx, registry, index);
        if (index < CHUNK) accounts.set(customer.owner.id, [...(accounts.get(customer.owner.id) ?? []), customer]);
        seedActivities(ctx, customer);
        seedOrders(ctx, customer);
        seedTickets(ctx, customer);
        seedDeals(ctx, customer);
        seedCampaignMembers(ctx, customer);
      }
      await writer.flush();
      onProgress?.(Math.min(total, from + CHUNK), total);
    }
    seedReminders(ctx, accounts);
    await writer.flush();
    await syncSequences(tx);
    return writer.counts;
  });
}

/** Staff are looked up by email first, so seeding next to existing users (say, the console user) reuses them. */
async function seedUsers(db: Kysely<Database>, writer: BatchWriter, ids: IdAllocator, now: Date): Promise<Staff[]> {
  const emails = SEED_USERS.map((u) => userEmail(u.name));
  const existing = await db.selectFrom('users').select(['id', 'email']).where('email', 'in', emails).execute();
  return SEED_USERS.map((user, i) => {
    const email = emails[i]!;
    const found = existing.find((e) => e.email === email);
    const id = found?.id ?? ids.next('users');
    if (!found) {
      writer.push('users', {
        id, name: user.name, email, role: user.role, time_zone: user.timeZone,
        created_at: addMs(now, -(900 - i * 40) * DAY_MS), deactivated_at: null,
      });
    }
    return { id, name: user.name, role: user.role, timeZone: user.timeZone };
  });
}

/** Products likewise are matched by SKU; only active ones are offered to the order generator. */
async function seedProducts(db: Kysely<Database>, writer: BatchWriter, ids: IdAllocator, now: Date): Promise<SeedContext['products']> {
  const existing = await db.selectFrom('products').select(['id', 'sku']).where('sku', 'in', SEED_PRODUCTS.map((p) => p.sku)).execute();
  const products = SEED_PRODUCTS.map((spec, i) => {
    const found = existing.find((e) => e.sku === spec.sku);
    const id = found?.id ?? ids.next('products');
    if (!found) {
      writer.push('products', {
        id, sku: spec.sku, name: spec.name, unit_price: centsToMoney(spec.cents),
        currency: 'USD', active: spec.active, created_at: addMs(now, -(1000 - i * 10) * DAY_MS),
      });
    }
    return { id, spec };
  });
  return products.filter((p) => p.spec.active);
}
