/**
 * All stacks of one inventory in one CDKTF app, with their deploy order.
 *
 * Every value a stack needs from another is computable from the inventory
 * (names.ts), so no stack reads another's state; `addDependency` only orders
 * deploys. The order is region → central → customer → cluster because IAM and
 * KMS reject policies whose Principal is a role that does not exist yet:
 * - the central role trusts the processor roles (created by the region stacks);
 * - a customer role trusts the central role;
 * - a cluster writes into its region's bucket with its region's key.
 */
import type { App } from "cdktf";
import { buildClusterManifests, buildProcessorEnvironment, buildTenantDeliveryItems } from "../generators/index";
import type { ResolvedInventory } from "../inventory/resolved";
import { CentralStack } from "./central/central-stack";
import { ClusterStack } from "./cluster/cluster-stack";
import { CustomerStack } from "./customer/customer-stack";
import { tenantsWithCustomerStack } from "./customer/customer-tenants";
import { RegionStack } from "./region/region-stack";

export interface LoghopStacksOptions {
  /** Directory of the bundled processor (`processor/bundle.ts` output, default `dist/processor`). */
  readonly processorBundleDir: string;
}

export interface LoghopStacks {
  readonly regions: readonly RegionStack[];
  readonly central: CentralStack;
  readonly customers: readonly CustomerStack[];
  readonly clusters: readonly ClusterStack[];
}

export function buildStacks(app: App, inventory: ResolvedInventory, options: LoghopStacksOptions): LoghopStacks {
  const tenantItems = buildTenantDeliveryItems(inventory);
  const regionsByName = new Map<string, RegionStack>();
  for (const region of inventory.central.regions) {
    regionsByName.set(
      region,
      new RegionStack(app, {
        inventory,
        region,
        processorBundleDir: options.processorBundleDir,
        tenantItems,
        processorEnvironment: buildProcessorEnvironment(inventory, region),
      }),
    );
  }
  const regions = [...regionsByName.values()];
  const central = new CentralStack(app, { inventory });
  regions.forEach((region) => central.addDependency(region));

  const customers = tenantsWithCustomerStack(inventory).map((tenant) => {
    const stack = new CustomerStack(app, { inventory, tenant });
    stack.addDependency(central);
    return stack;
  });
  const clusters = inventory.clusters.map((cluster) => {
    const stack = new ClusterStack(app, {
      inventory,
      cluster,
      manifests: buildClusterManifests(inventory, cluster),
    });
    const region = regionsByName.get(cluster.region);
    if (region !== undefined) stack.addDependency(region);
    stack.addDependency(central);
    return stack;
  });
  return { regions, central, customers, clusters };
}
