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

export interface SeedContext {
  seed: number;
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
