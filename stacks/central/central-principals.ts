/** Who the central role trusts and whom it may assume, as data (no cdktf: `loghop validate` measures them). */
import { centralNames, processorWorkerRoleArn, roleArn } from "../../inventory/names";
import { regionParts } from "../../inventory/processor-mode";
import type { ResolvedInventory } from "../../inventory/resolved";

/** The processor Lambdas' execution roles, one per region: none unless the regions run a Lambda. */
export function processorRoleArns(inventory: ResolvedInventory): string[] {
  if (!regionParts(inventory.central.processor.mode).lambda) return [];
  const accountId = inventory.central.accountId;
  return inventory.central.regions.map((region) =>
    roleArn(accountId, centralNames.processorRole(inventory.prefix, region)),
  );
}

/**
 * The in-cluster workers' IRSA roles (region stacks), one per cluster with `processorWorker`;
 * none in shape `none`, which has no queues and creates no worker role (rule processor-worker-mode).
 */
export function clusterWorkerRoleArns(inventory: ResolvedInventory): string[] {
  if (!regionParts(inventory.central.processor.mode).queues) return [];
  return inventory.clusters
    .filter((cluster) => cluster.processorWorker !== undefined)
    .map((cluster) => processorWorkerRoleArn(inventory.prefix, inventory.central.accountId, cluster.id));
}

/**
 * Every principal the central role trusts, and the only ones: the Lambdas' roles, the in-cluster
 * workers' roles and the external workers' `workerRoleArns`. Rule `processor-central-trust`
 * keeps the list non-empty.
 */
export function centralRoleTrustedArns(inventory: ResolvedInventory): string[] {
  return [
    ...new Set([
      ...processorRoleArns(inventory),
      ...clusterWorkerRoleArns(inventory),
      ...inventory.central.processor.workerRoleArns,
    ]),
  ];
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
