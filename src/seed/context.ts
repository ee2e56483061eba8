// What every per-entity generator needs: the clock, the staff, the catalogue, and where rows go.
import type { UserRole } from '../crm/users/user.table.js';
import type { BatchWriter, IdAllocator } from './batch-writer.js';
import type { SeedCampaign, SeedProduct } from './catalog.js';
import type { Rng } from './random.js';

export interface Staff {
  id: number;
  name: string;
  role: UserRole;
  timeZone: string;
}

/** [value, relative weight] pairs for `Rng.weighted`. */
type Weights = readonly (readonly [number, number])[];

/**
 * How many children a customer gets. `demo` is the demo company (about 2 contacts, 9 activities,
 * 8 order lines, 0.5 ticket and 0.4 deal per customer); `bench` is the denser history the
 * benchmark asks for at 100k customers (about 3 contacts, 10 activities, 10 order lines, 1 ticket
 * and 0.5 deal each). Only the counts differ: the same kinds of rows, dates and amounts.
 */
export type SeedMixName = 'demo' | 'bench';

export interface SeedMix {
  /** Contacts of a company (a person is their own single contact). */
  companyContacts: Weights;
  /** Activities: the tier's count times this. */
  activityFactor: number;
  linesPerOrder: Weights;
  whaleTickets: readonly [number, number];
  regularTickets: Weights;
  smallTicketChance: number;
  leadDealChance: number;
  /** Deals of a paying customer. */
  customerDeals: Weights;
}

export const SEED_MIXES: Record<SeedMixName, SeedMix> = {
  demo: {
    companyContacts: [[1, 30], [2, 35], [3, 22], [4, 13]],
    activityFactor: 1,
    linesPerOrder: [[1, 50], [2, 35], [3, 15]],
    whaleTickets: [2, 5],
    regularTickets: [[0, 45], [1, 42], [2, 13]],
    smallTicketChance: 0.25,
    leadDealChance: 0.3,
    customerDeals: [[0, 66], [1, 29], [2, 5]],
  },
  bench: {
    companyContacts: [[2, 25], [3, 35], [4, 25], [5, 15]],
    activityFactor: 1.1,
    linesPerOrder: [[1, 30], [2, 35], [3, 30], [4, 5]],
    whaleTickets: [4, 10],
    regularTickets: [[0, 15], [1, 40], [2, 30], [3, 15]],
    smallTicketChance: 0.65,
    leadDealChance: 0.35,
    customerDeals: [[0, 55], [1, 37], [2, 8]],
  },
};

export interface SeedContext {
  seed: number;
  mix: SeedMix;
  now: Date;
  /** now − 365 days: activities and orders all fall in [yearAgo, now]. */
  yearAgo: Date;
  writer: BatchWriter;
  ids: IdAllocator;
  sales: Staff[];
  support: Staff[];
  /** Products that can be ordered (the legacy one is not). */
  products: { id: number; spec: SeedProduct }[];
  campaigns: { id: number; spec: SeedCampaign; startsAt: Date; endsAt: Date }[];
}

export type Lifecycle = 'lead' | 'prospect' | 'customer' | 'churned';
/** How much a customer buys: drives order counts and sizes, so RFM segments come out distinct. */
export type Tier = 'whale' | 'regular' | 'small' | 'none';
export type Country = 'US' | 'UK' | 'DE';

export interface PlannedContact {
  id: number;
  name: string;
}

/** A customer as the child generators see it (orders, tickets… are derived from this). */
export interface PlannedCustomer {
  index: number;
  id: number;
  name: string;
  kind: 'company' | 'person';
  country: Country;
  owner: Staff;
  lifecycle: Lifecycle;
  tier: Tier;
  createdAt: Date;
  /** Days since the customer stopped buying (0: still active). */
  lapsedDays: number;
  contacts: PlannedContact[];
  /** One of the fixed customers the docs rely on: always gets orders, an open deal and ticket. */
  wellKnown: boolean;
  rng: (purpose: string) => Rng;
}
