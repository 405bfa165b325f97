/** Who the central role trusts and whom it may assume, as data (no cdktf: `loghop validate` measures them). */
import { centralNames, roleArn } from "../../inventory/names";
import type { ResolvedInventory } from "../../inventory/resolved";

/** The processor execution roles of every region: the only principals the central role trusts. */
export function processorRoleArns(inventory: ResolvedInventory): string[] {
  const accountId = inventory.central.accountId;
  return inventory.central.regions.map((region) =>
    roleArn(accountId, centralNames.processorRole(inventory.prefix, region)),
  );
}

/**
 * Delivery roles of the enabled tenants, loghop-named or the tenant's own `deliveryRoleArn` (path
 * included, exactly as given: validation keeps it in the tenant's account and off every other
 * tenant's role). A disabled tenant's role is not assumable until it is enabled again (which is
 * a deploy anyway: its table items change).
 */
export function customerRoleArns(inventory: ResolvedInventory): string[] {
  return inventory.tenants.filter((tenant) => tenant.enabled).map((tenant) => tenant.deliveryRoleArn);
}
