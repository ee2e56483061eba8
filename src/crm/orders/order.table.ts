import type { Generated, Insertable, Selectable } from 'kysely';
import type { CreatedAt, Id, Money, NullableMoney } from '../../db/column-types.js';

export interface ProductTable {
  id: Id;
  sku: string | null;
  name: string;
  unit_price: NullableMoney;
  currency: Generated<string>;
  active: Generated<boolean>;
  created_at: CreatedAt;
}

export interface OrderTable {
  id: Id;
  customer_id: number;
  ordered_at: CreatedAt;
  total: Money;
  currency: Generated<string>;
  created_by: number | null;
  created_at: CreatedAt;
}

export interface OrderLineTable {
  id: Id;
  order_id: number;
  product_id: number | null;
  quantity: number;
  unit_price: Money;
  total: Money;
}

export type Product = Selectable<ProductTable>;
export type NewProduct = Insertable<ProductTable>;
export type Order = Selectable<OrderTable>;
export type NewOrder = Insertable<OrderTable>;
export type OrderLine = Selectable<OrderLineTable>;
export type NewOrderLine = Insertable<OrderLineTable>;
