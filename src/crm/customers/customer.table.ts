import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { CreatedAt, Id } from '../../db/column-types.js';

export const CUSTOMER_KINDS = ['company', 'person'] as const;
export type CustomerKind = (typeof CUSTOMER_KINDS)[number];
export const LIFECYCLE_STAGES = ['lead', 'prospect', 'customer', 'churned'] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

export interface CustomerTable {
  id: Id;
  kind: Generated<CustomerKind>;
  name: string;
  domain: string | null;
  industry: string | null;
  email: string | null;
  phone: string | null;
  owner_id: number | null;
  lifecycle_stage: Generated<LifecycleStage>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface ContactTable {
  id: Id;
  customer_id: number;
  name: string;
  email: string | null;
  phone: string | null;
  title: string | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export type Customer = Selectable<CustomerTable>;
export type NewCustomer = Insertable<CustomerTable>;
export type CustomerUpdate = Updateable<CustomerTable>;
export type Contact = Selectable<ContactTable>;
export type NewContact = Insertable<ContactTable>;
export type ContactUpdate = Updateable<ContactTable>;
