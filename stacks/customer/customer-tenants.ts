/**
 * Which tenants get a `customer-<id>` stack: those whose delivery role loghop creates. A tenant with
 * its own `deliveryRoleArn` gets none — no stack, no Terraform Cloud workspace, no run trigger —
 * so the app, the TFC plan and CI all read this one list.
 */
import type { ResolvedInventory, ResolvedTenant } from "../../inventory/resolved";

export function tenantsWithCustomerStack(inventory: ResolvedInventory): ResolvedTenant[] {
  return inventory.tenants.filter((tenant) => tenant.customerStack);
}
