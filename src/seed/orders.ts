// A year of orders. Money is integer cents until the very end, so every order total is exactly
// the sum of its lines. Buying is skewed on purpose: a few large, frequent, recent buyers, many
// small ones, and lapsed accounts whose last order is months old, so RFM segments differ.
import type { SeedProduct } from './catalog.js';
import type { PlannedCustomer, SeedContext, Tier } from './context.js';
import { DAY_MS, addMs, maxDate, type Rng } from './random.js';

/** 123450 → '1234.50': exact, no float formatting. */
export function centsToMoney(cents: number): string {
  if (!Number.isSafeInteger(cents) || cents < 0) throw new Error(`bad cents: ${cents}`);
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

function orderCount(customer: PlannedCustomer, rng: Rng): number {
  const base = { whale: rng.int(18, 36), regular: rng.int(5, 12), small: rng.int(1, 4), none: 0 }[customer.tier];
  return customer.wellKnown ? Math.max(base, 3) : base;
}

const PLAN_BY_TIER: Record<Tier, readonly (readonly [string, number])[]> = {
  whale: [['PLAN-ENT', 6], ['PLAN-PRO', 3]],
  regular: [['PLAN-PRO', 6], ['PLAN-STARTER', 3], ['PLAN-ENT', 1]],
  small: [['PLAN-STARTER', 7], ['PLAN-PRO', 3]],
  none: [['PLAN-STARTER', 1]],
};

interface Line {
  product: { id: number; spec: SeedProduct };
  quantity: number;
  unitCents: number;
}

function orderLines(ctx: SeedContext, rng: Rng, tier: Tier): Line[] {
  const bySku = (sku: string) => ctx.products.find((p) => p.spec.sku === sku)!;
  const extras = ctx.products.filter((p) => p.spec.kind !== 'plan');
  const count = rng.weighted(ctx.mix.linesPerOrder);
  // Most orders start with seats on a plan; the rest are add-on or services purchases.
  const picked = rng.chance(0.6) ? [bySku(rng.weighted(PLAN_BY_TIER[tier])), ...rng.sample(extras, count - 1)] : rng.sample(extras, count);
  return picked.map((product) => {
    const [min, max] = product.spec.quantity;
    let quantity = rng.int(min, max);
    if (tier === 'whale' && product.spec.kind === 'plan') quantity *= 2;
    // Volume discount on large seat counts: still whole cents.
    const unitCents = product.spec.kind === 'plan' && quantity >= 50 ? Math.round(product.spec.cents * 0.9) : product.spec.cents;
    return { product, quantity, unitCents };
  });
}

export function seedOrders(ctx: SeedContext, customer: PlannedCustomer): void {
  const rng = customer.rng('orders');
  const count = orderCount(customer, rng);
  if (count === 0) return;
  const start = maxDate(customer.createdAt, ctx.yearAgo);
  const end = customer.lapsedDays > 0 ? addMs(ctx.now, -customer.lapsedDays * DAY_MS) : ctx.now;
  for (let i = 0; i < count; i++) {
    const orderId = ctx.ids.next('orders');
    // Big accounts order steadily up to now; everyone else is spread over their window.
    const orderedAt = customer.tier === 'whale' ? rng.recentBetween(start, end, 1.3) : rng.between(start, end);
    let totalCents = 0;
    const lines = orderLines(ctx, rng, customer.tier);
    for (const line of lines) totalCents += line.quantity * line.unitCents;
    ctx.writer.push('orders', {
      id: orderId, customer_id: customer.id, ordered_at: orderedAt, total: centsToMoney(totalCents), currency: 'USD',
      created_by: customer.owner.id, created_at: orderedAt,
    });
    for (const line of lines) {
      ctx.writer.push('order_lines', {
        id: ctx.ids.next('order_lines'), order_id: orderId, product_id: line.product.id, quantity: line.quantity,
        unit_price: centsToMoney(line.unitCents), total: centsToMoney(line.quantity * line.unitCents),
      });
    }
  }
}
