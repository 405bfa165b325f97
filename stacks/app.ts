/**
 * All stacks of one inventory in one CDKTF app, with their deploy order.
 *
 * Every value a stack needs from another is computable from the inventory
 * (names.ts), so no stack reads another's state; `addDependency` only orders
 * deploys. The order is region → lanes → central → customer → cluster because IAM and
 * KMS reject policies whose Principal is a role that does not exist yet:
 * - a lane stack subscribes to its region's topic and maps its queues to the region's Lambda;
 * - the central role trusts the processor roles (region stacks) and worker roles (lane stacks);
 * - a customer role trusts the central role;
 * - a cluster writes into its region's bucket with its region's key, and its lane must exist
 *   before it stages anything (an object whose event reaches no queue is never processed).
 */
import type { App, TerraformStack } from "cdktf";
import { resolve } from "node:path";
import { buildClusterManifests, buildProcessorEnvironment, buildTenantShards } from "../generators/index";
import { stackNames } from "../inventory/names";
import type { ResolvedInventory } from "../inventory/resolved";
import { CentralStack } from "./central/central-stack";
import { ClusterStack } from "./cluster/cluster-stack";
import { CustomerStack } from "./customer/customer-stack";
import { tenantsWithCustomerStack } from "./customer/customer-tenants";
import { clusterLaneStackName, laneGroups } from "./lanes/lane-groups";
import { LaneStack } from "./lanes/lane-stack";
import { RegionStack } from "./region/region-stack";
import { StackPlaceholder, type ShardSelector } from "./common/synth-shards";
import { addTfcBootstrap } from "./tfc-bootstrap/index";

/** Written by `npm run build:processor` (processor/bundle.ts); LOGHOP_PROCESSOR_BUNDLE_DIR overrides it. */
export const DEFAULT_PROCESSOR_BUNDLE_DIR = "dist/processor";

/** The processor bundle directory synth packages: `$LOGHOP_PROCESSOR_BUNDLE_DIR` or the default. */
export function selectedProcessorBundleDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env["LOGHOP_PROCESSOR_BUNDLE_DIR"] || DEFAULT_PROCESSOR_BUNDLE_DIR);
}

export interface LoghopStacksOptions {
  /** Directory of the bundled processor (`processor/bundle.ts` output, default `dist/processor`). */
  readonly processorBundleDir: string;
  /** Build only this synth shard's stacks (stacks/common/synth-shards.ts); default all. */
  readonly shard?: ShardSelector;
}

/** The app's stacks; under a synth shard, those other shards synthesize are placeholders. */
export interface LoghopStacks {
  readonly regions: readonly TerraformStack[];
  readonly lanes: readonly TerraformStack[];
  readonly central: TerraformStack;
  readonly customers: readonly TerraformStack[];
  readonly clusters: readonly TerraformStack[];
}

export function buildStacks(app: App, inventory: ResolvedInventory, options: LoghopStacksOptions): LoghopStacks {
  const { shard } = options;
  // Under a shard, a stack another process synthesizes is only its name (a placeholder), so that
  // the dependencies the manifest records are the same whichever process writes the stack.
  const make = (name: string, create: () => TerraformStack): TerraformStack =>
    shard === undefined || shard.takes() ? create() : new StackPlaceholder(app, name);
  const tenantShards = buildTenantShards(inventory);
  const regionsByName = new Map<string, TerraformStack>();
  for (const region of inventory.central.regions) {
    regionsByName.set(
      region,
      make(
        stackNames.region(region),
        () =>
          new RegionStack(app, {
            inventory,
            region,
            processorBundleDir: options.processorBundleDir,
            tenantShards,
            processorEnvironment: buildProcessorEnvironment(inventory, region),
          }),
      ),
    );
  }
  const regions = [...regionsByName.values()];
  const lanesByName = new Map<string, TerraformStack>();
  for (const [region, regionStack] of regionsByName) {
    for (const group of laneGroups(inventory, region)) {
      const stack = make(group.stackName, () => new LaneStack(app, { inventory, group }));
      stack.addDependency(regionStack);
      lanesByName.set(group.stackName, stack);
    }
  }
  const lanes = [...lanesByName.values()];
  const central = make(stackNames.central(), () => new CentralStack(app, { inventory }));
  [...regions, ...lanes].forEach((stack) => central.addDependency(stack));

  const customers = tenantsWithCustomerStack(inventory).map((tenant) => {
    const stack = make(stackNames.customer(tenant.id), () => new CustomerStack(app, { inventory, tenant }));
    stack.addDependency(central);
    return stack;
  });
  const clusters = inventory.clusters.map((cluster) => {
    const stack = make(
      stackNames.cluster(cluster.id),
      () => new ClusterStack(app, { inventory, cluster, manifests: buildClusterManifests(inventory, cluster) }),
    );
    const region = regionsByName.get(cluster.region);
    if (region !== undefined) stack.addDependency(region);
    const lane = lanesByName.get(clusterLaneStackName(cluster));
    if (lane !== undefined) stack.addDependency(lane);
    stack.addDependency(central);
    return stack;
  });
  return { regions, lanes, central, customers, clusters };
}

/** Who runs `terraform apply` for a stack, and with whose credentials. */
export type StackApplier = "us" | "customer" | "cluster";

/** One synthesized stack, in deploy order. */
export interface DeployStep {
  readonly stackName: string;
  readonly kind: "tfc-bootstrap" | "region" | "lanes" | "central" | "customer" | "cluster";
  readonly appliedBy: StackApplier;
  /** The inventory entity the stack belongs to: region name (region and lane stacks), tenant id or cluster id. */
  readonly entity?: string;
}

/**
 * Every stack of the app in deploy order (tfc-bootstrap → region → lanes → central → customer → cluster).
 * A customer stack without a deploy role is applied by the customer in their own account (its state
 * stays in its directory, see common/backend.ts); a cluster stack by whoever holds the kubeconfig.
 */
export function deploySteps(stacks: LoghopStacks, inventory: ResolvedInventory): DeployStep[] {
  // A stack's construct id is its name: only stacks buildStacks actually made are listed.
  const built = new Set(
    [...stacks.regions, ...stacks.lanes, stacks.central, ...stacks.customers, ...stacks.clusters].map(
      (stack) => stack.node.id,
    ),
  );
  const steps: DeployStep[] = [
    ...(inventory.central.backend.type === "cloud"
      ? [{ stackName: stackNames.tfcBootstrap(), kind: "tfc-bootstrap" as const, appliedBy: "us" as const }]
      : []),
    ...inventory.central.regions.map((region): DeployStep => ({
      stackName: stackNames.region(region),
      kind: "region",
      appliedBy: "us",
      entity: region,
    })),
    ...inventory.central.regions.flatMap((region) =>
      laneGroups(inventory, region).map((group): DeployStep => ({
        stackName: group.stackName,
        kind: "lanes",
        appliedBy: "us",
        entity: region,
      })),
    ),
    { stackName: stackNames.central(), kind: "central", appliedBy: "us" },
    ...inventory.tenants.map((tenant): DeployStep => ({
      stackName: stackNames.customer(tenant.id),
      kind: "customer",
      appliedBy: tenant.deployRoleArn === undefined ? "customer" : "us",
      entity: tenant.id,
    })),
    ...inventory.clusters.map((cluster): DeployStep => ({
      stackName: stackNames.cluster(cluster.id),
      kind: "cluster",
      appliedBy: "cluster",
      entity: cluster.id,
    })),
  ];
  return steps.filter((s) => s.kind === "tfc-bootstrap" || built.has(s.stackName));
}

/**
 * The whole app of one inventory: its stacks and, with Terraform Cloud state, the bootstrap stack
 * that creates their workspaces (applied first). `main.ts` (cdktf synth) and `loghop plan` both
 * build through this, so a plan compares exactly what a deploy would synthesize.
 */
export function buildApp(app: App, inventory: ResolvedInventory, options: LoghopStacksOptions): DeployStep[] {
  const stacks = buildStacks(app, inventory, options);
  if (inventory.central.backend.type === "cloud" && (options.shard?.takes() ?? true)) {
    addTfcBootstrap(app, inventory);
  }
  return deploySteps(stacks, inventory);
}
