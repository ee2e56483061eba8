import { formatMoney } from '../crm/money.js';
import { recordOrder, type RecordOrderInput } from '../crm/orders/order.service.js';
import { actions, context, reply, text, type Block } from '../reply/reply.js';
import { customerFor } from './common/pick.js';
import { undoButton } from './tickets/undo-button.js';
import { defineHandler } from './handler.js';

export const recordOrderHandler = defineHandler({
  intent: 'record_order',
  writes: true,
  async handle(ctx, { slots, picked }) {
    const resolved = await customerFor(ctx, slots.customer, picked);
    if (!resolved.ok) return resolved.result;
    const customer = resolved.value;

    const input: RecordOrderInput = { customerId: customer.id };
    if (slots.product) input.productName = slots.product;
    if (slots.quantity !== undefined) input.quantity = slots.quantity;
    // The service turns the parsed number into exact money (toMoney) before any arithmetic.
    if (slots.amount !== undefined) input.amount = slots.amount;
    if (slots.currency) input.currency = slots.currency;

    const { order, line, product, productCreated } = await recordOrder(ctx, input);
    const auditId = await ctx.audit({
      action: 'order.create',
      entity: 'order',
      entityId: order.id,
      before: null,
      after: { orderId: order.id, createdProductId: productCreated && product ? product.id : null },
    });

    const total = formatMoney(order.total, order.currency);
    const what = product ? `${line.quantity} × ${product.name}, ${total}` : line.quantity > 1 ? `${line.quantity} items, ${total}` : total;
    const unit = line.quantity > 1 ? ` (unit ${formatMoney(line.unit_price, order.currency)})` : '';
    const blocks: Block[] = [text(`Recorded an order for ${customer.name}: ${what}${unit}`, 'success')];
    if (productCreated && product) {
      blocks.push(context(`${product.name} was not in the catalogue, so a new product was created for it (no list price yet).`));
    }
    blocks.push(actions(undoButton(ctx, auditId)));
    return { reply: reply(...blocks), remember: { customer: { id: customer.id, name: customer.name } } };
  },
});
