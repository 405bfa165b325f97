/** Iteration helpers shared by the rules, each yielding the JSON pointer of what it visits. */
import { pointer } from "../validate-pointer";
import type { Delivery, Inventory, Tenant } from "../types";
import type { InventoryProblem } from "../errors";

export interface DeliveryAt {
  readonly tenant: Tenant;
  readonly delivery: Delivery;
  /** Pointer of the delivery, e.g. `/tenants/1/deliveries/0`. */
  readonly at: string;
}

/** Several rules walk every delivery: computed once per (immutable) inventory object. */
const deliveryCache = new WeakMap<Inventory, readonly DeliveryAt[]>();

export function deliveriesOf(inventory: Inventory): readonly DeliveryAt[] {
  let deliveries = deliveryCache.get(inventory);
  if (deliveries === undefined) {
    deliveries = inventory.tenants.flatMap((tenant, t) =>
      tenant.deliveries.map((delivery, d) => ({ tenant, delivery, at: pointer("tenants", t, "deliveries", d) })),
    );
    deliveryCache.set(inventory, deliveries);
  }
  return deliveries;
}

/**
 * Problems for every value that repeats an earlier one: each repeat points back at the
 * first occurrence. `values` are [pointer, value] pairs in document order.
 */
export function repeats(
  values: readonly (readonly [string, string])[],
  message: (value: string, firstAt: string) => string,
): InventoryProblem[] {
  const firstAt = new Map<string, string>();
  const problems: InventoryProblem[] = [];
  for (const [at, value] of values) {
    const first = firstAt.get(value);
    if (first === undefined) firstAt.set(value, at);
    else problems.push({ path: at, message: message(value, first) });
  }
  return problems;
}
