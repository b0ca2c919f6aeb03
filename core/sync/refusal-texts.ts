import type { RejectedChange } from '../contract/sync';

/**
 * Which texts say what a refused change was, why it was refused and what to do about it. The texts
 * are in `resources/i18n/shared/<lang>.json`, which the counter's sync panel and the command line's
 * `sync` both read; this is how both choose among them.
 */

/** i18next keys cannot hold dots: `order.intake` is translated as `change.order_intake`. */
export function changeKey(name: string): string {
  return name.replaceAll('.', '_');
}

/**
 * Refusals whose reason is not the record itself (the customer erased, the desk's queue out of
 * step, a server that does not know the change): their general texts fit any kind of change.
 */
const aboutNoRecord = new Set(['erased', 'seq_mismatch', 'unknown_mutation']);

/**
 * Where the reason and the advice for a refused change are translated, most specific first.
 * Changes about orders read `rejection.<code>` ("open the order…"); a part, a stock movement, a
 * person, a customer or a site has texts of its own (`rejectionFor.<change>.<code>`, then
 * `rejectionFor.<kind>.<code>`, then the kind's `other`), since order advice would send the
 * person to the wrong screen — except for refusals that are about no record (`aboutNoRecord`).
 */
export function rejectionTextKeys(
  name: string,
  code: string,
  subject: SubjectKind | null,
): string[] {
  if (!subject) return [`rejection.${code}`, 'rejection.other'];
  return [
    `rejectionFor.${changeKey(name)}.${code}`,
    `rejectionFor.${subject}.${code}`,
    ...(aboutNoRecord.has(code) ? [`rejection.${code}`] : []),
    `rejectionFor.${subject}.other`,
  ];
}

type SubjectKind = 'part' | 'stock' | 'person' | 'customer' | 'site';

/** The kind of thing a change is about, from its name, when it is not an order. */
export function subjectKindOf(name: string): SubjectKind | null {
  if (name.startsWith('part.')) return 'part';
  if (name.startsWith('stock.')) return 'stock';
  if (name.startsWith('user.')) return 'person';
  if (name.startsWith('customer.')) return 'customer';
  if (name.startsWith('site.')) return 'site';
  return null;
}

/**
 * The reason and advice for one refused change: the key under which both are (`<key>.reason`,
 * `<key>.action`) and the values they take. `has` says whether a reason is translated under a key;
 * `statusName` names an order status (`stale_transition` says the order's status now).
 */
export function refusalTexts(
  change: Pick<RejectedChange, 'name' | 'code' | 'params'>,
  has: (key: string) => boolean,
  statusName: (status: string) => string,
): { key: string; values: Record<string, string | number> } {
  // Refused because the customer was erased meanwhile, because another site holds the device,
  // because the order was cancelled after its device had left the counter, or because a hand-over
  // gave a warranty on a device returned unrepaired: said as such. On the wire they stay a `conflict` or an `out_of_scope` with that reason, which
  // desks of the previous version read too.
  const reason = change.params?.reason;
  const shown =
    change.code === 'conflict' && reason === 'erased'
      ? 'erased'
      : change.code === 'out_of_scope' && reason === 'not_custodian'
        ? 'not_custodian'
        : change.code === 'illegal_transition' && reason === 'cancel_away'
          ? 'cancel_away'
          : change.code === 'validation' && reason === 'no_repair_no_warranty'
            ? 'no_repair_no_warranty'
            : change.code;
  // The subject's kind comes from the change's name, also when the part or person is not here.
  const key =
    rejectionTextKeys(change.name, shown, subjectKindOf(change.name)).find((k) =>
      has(`${k}.reason`),
    ) ?? 'rejection.other';
  const current = change.params?.current;
  return {
    key,
    values: {
      ...change.params,
      code: change.code,
      ...(typeof current === 'string' ? { current: statusName(current) } : {}),
    },
  };
}
