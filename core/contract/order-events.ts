/**
 * What an entry of an order's history records. One list for the replicated row's schema, the
 * database column's type and the renderer's timeline; plain constants, so the renderer's import
 * brings no schema code with it.
 */
export const orderEventKinds = [
  'status',
  'print',
  'note',
  'estimate',
  'approval',
  'payment',
  'custody',
  'reminder',
  'attachment',
] as const;

export type OrderEventKind = (typeof orderEventKinds)[number];

export function isOrderEventKind(value: string): value is OrderEventKind {
  return (orderEventKinds as readonly string[]).includes(value);
}
