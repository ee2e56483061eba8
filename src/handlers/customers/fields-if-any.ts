import { fields, type Block, type Field } from '../../reply/reply.js';

/** A fields block only when there is something to show: some platforms reject an empty section. */
export function fieldsIfAny(...list: Array<Field | false | null | undefined>): Block[] {
  const block = fields(...list);
  return block.type === 'fields' && block.fields.length > 0 ? [block] : [];
}
