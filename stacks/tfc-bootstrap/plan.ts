/**
 * What Terraform Cloud has to hold for an inventory, as plain data: one workspace per stack
 * TFC deploys, the AWS role each phase of its runs assumes, and the run triggers that encode
 * the deploy order. The bootstrap stack, the CI workflow and the tests all read this one plan.
 */
import {
  roleArn,
  stackNames,
  tfcPhaseRoleName,
  tfcWorkloadSubject,
  vectorBoundaryPolicyArn,
  vectorRoleArn,
  workspaceName,
} from "../../inventory/names";
import type { ResolvedInventory, ResolvedTfcSettings } from "../../inventory/resolved";
import { tenantsWithCustomerStack } from "../customer/customer-tenants";
import { laneGroups } from "../lanes/lane-groups";
import { TfcBootstrapError } from "./errors";

/**
 * Deploy layers, in order: each layer's stacks need what the layers before it created. A region's
 * lane stacks subscribe to its topic and map to its Lambda; regions and lanes come before central
 * because IAM rejects a trust policy naming a role that does not exist yet, and the central role
 * trusts the regions' processor roles and the lanes' worker roles (see stacks/app.ts); customer
 * roles trust the central role; clusters ship logs only once their tenants' customer roles exist.
 */
export const DEPLOY_LAYERS = ["region", "lanes", "central", "customer", "cluster"] as const;
export type DeployLayer = (typeof DEPLOY_LAYERS)[number];

/** The cluster stack's AWS side: Vector's IRSA role and the boundary the bootstrap caps it with. */
export interface TfcClusterPlan {
  readonly vectorRoleArn: string;
  readonly vectorBoundaryArn: string;
}

export interface TfcWorkspacePlan {
  readonly stackName: string;
  readonly workspaceName: string;
  readonly layer: DeployLayer;
  /** What the stack is for: its region (region and lane stacks), tenant or cluster id; `central` for the central stack. */
  readonly entityId: string;
  /**
   * Stacks of one trust domain may share a deploy role: a region stack and its lane stacks (same
   * account, same region, same power over the region's pipeline). Every other stack is its own.
   */
  readonly trustDomain: string;
  /** Account the stack deploys into: its phase roles and the account's OIDC provider live there. */
  readonly accountId: string;
  /** The stack's own deploy role from the inventory; undefined = the bootstrap creates its apply role. */
  readonly deployRoleArn: string | undefined;
  /** Read-only role of the plan phase (speculative plans of pull requests included); always the bootstrap's. */
  readonly planRoleName: string;
  readonly planRoleArn: string;
  /** Role of the apply phase: the deploy role itself, else the bootstrap's scoped apply role. */
  readonly applyRoleArn: string;
  /** Name of the apply role the bootstrap creates; undefined when the deploy role is the apply role. */
  readonly bootstrapApplyRoleName: string | undefined;
  /** Exact `sub` of this workspace's plan-phase tokens: the only subject the plan role trusts. */
  readonly planSubject: string;
  /** Exact `sub` of this workspace's apply-phase tokens: the only subject the apply role may trust. */
  readonly applySubject: string;
  /** TFC agent pool the workspace runs on; undefined = TFC's own runners (execution mode remote). */
  readonly agentPoolId: string | undefined;
  /** Cluster workspaces only: the one AWS role the stack manages and its boundary. */
  readonly cluster: TfcClusterPlan | undefined;
}

/** A TFC run trigger: a successful apply in `source` queues a run in `target` (stack names). */
export interface RunTriggerPlan {
  readonly source: string;
  readonly target: string;
}

export interface TfcPlan {
  readonly settings: ResolvedTfcSettings;
  /** Inventory prefix: the plan roles read only resources named after it. */
  readonly prefix: string;
  /** Central account: the region and central stacks deploy there. */
  readonly centralAccountId: string;
  /** Every workspace, in deploy order (layer by layer, inventory order inside a layer). */
  readonly workspaces: readonly TfcWorkspacePlan[];
  /** Triggers into every workspace outside the first layer, always from the layer before it. */
  readonly triggers: readonly RunTriggerPlan[];
  /**
   * Tenants with a customer stack but no deploy role: they apply it themselves, so they get no
   * workspace. Tenants with their own `deliveryRoleArn` have no customer stack at all.
   */
  readonly selfAppliedTenants: readonly string[];
}

/** The TFC settings of an inventory whose backend is `cloud`; throws for the other backends. */
function requireTfcSettings(inventory: ResolvedInventory): ResolvedTfcSettings {
  if (inventory.tfc === undefined) {
    throw new TfcBootstrapError(
      `central.backend.type is "${inventory.central.backend.type}": the Terraform Cloud workspaces (tfc-bootstrap stack, loghop ci) need "cloud"`,
    );
  }
  return inventory.tfc;
}

/**
 * A workspace's power must be its own (issue 9 §5): a deploy role is the apply role of the
 * workspaces of one trust domain only (a region and its lane stacks, else exactly one), and the
 * central, region and lane stacks, which create roles, keys and functions, have no bootstrap-made
 * fallback (it would need administrator rights over the whole account).
 * Validation reports the same with JSON pointers (`loghop:inventory:cloud-deploy-role-per-stack`);
 * this guards callers that skip validation.
 */
function refuseSharedPower(workspaces: readonly TfcWorkspacePlan[]): void {
  const byRole = new Map<string, TfcWorkspacePlan[]>();
  for (const ws of workspaces) {
    if (ws.deployRoleArn !== undefined) byRole.set(ws.deployRoleArn, [...(byRole.get(ws.deployRoleArn) ?? []), ws]);
    else if (ws.layer === "central" || ws.layer === "region" || ws.layer === "lanes") {
      throw new TfcBootstrapError(`${ws.stackName}: with the cloud backend this stack needs its own deploy role`);
    }
  }
  for (const [role, sharing] of byRole) {
    if (new Set(sharing.map((ws) => ws.trustDomain)).size > 1) {
      throw new TfcBootstrapError(
        `${sharing.map((ws) => ws.stackName).join(", ")} share deploy role ${role}: each stack needs its own`,
      );
    }
  }
}

export function planTfc(inventory: ResolvedInventory): TfcPlan {
  const settings = requireTfcSettings(inventory);
  const { central, prefix } = inventory;
  const workspace = (
    stackName: string,
    layer: DeployLayer,
    entityId: string,
    accountId: string,
    deployRoleArn: string | undefined,
    cluster?: { readonly agentPoolId: string | undefined },
    trustDomain: string = stackName,
  ): TfcWorkspacePlan => {
    const name = workspaceName(settings.workspacePrefix, stackName);
    const planRoleName = tfcPhaseRoleName(prefix, stackName, "plan");
    const bootstrapApplyRoleName =
      deployRoleArn === undefined ? tfcPhaseRoleName(prefix, stackName, "apply") : undefined;
    const subject = (phase: "plan" | "apply"): string =>
      tfcWorkloadSubject(settings.organization, settings.project, name, phase);
    return {
      stackName,
      workspaceName: name,
      layer,
      entityId,
      trustDomain,
      accountId,
      deployRoleArn,
      planRoleName,
      planRoleArn: roleArn(accountId, planRoleName),
      applyRoleArn: deployRoleArn ?? roleArn(accountId, bootstrapApplyRoleName as string),
      bootstrapApplyRoleName,
      planSubject: subject("plan"),
      applySubject: subject("apply"),
      agentPoolId: cluster?.agentPoolId,
      cluster:
        cluster === undefined
          ? undefined
          : {
              vectorRoleArn: vectorRoleArn(prefix, accountId, entityId),
              vectorBoundaryArn: vectorBoundaryPolicyArn(prefix, accountId, entityId),
            },
    };
  };
  const unknownClusters = Object.keys(settings.clusterAgentPools).filter(
    (id) => !inventory.clusters.some((cluster) => cluster.id === id),
  );
  if (unknownClusters.length > 0) {
    throw new TfcBootstrapError(
      `central.backend.clusterAgentPools names clusters that are not in the inventory: ${unknownClusters.join(", ")}`,
    );
  }

  const customerTenants = tenantsWithCustomerStack(inventory);
  const deployedTenants = customerTenants.filter((tenant) => tenant.deployRoleArn !== undefined);
  const workspaces: TfcWorkspacePlan[] = [
    ...central.regions.map((region) =>
      workspace(stackNames.region(region), "region", region, central.accountId, central.regionDeployRoleArns[region]),
    ),
    // A lane stack applies with its region's deploy role: same account, same pipeline (stacks/lanes).
    ...central.regions.flatMap((region) =>
      laneGroups(inventory, region).map((group) =>
        workspace(
          group.stackName,
          "lanes",
          region,
          central.accountId,
          central.regionDeployRoleArns[region],
          undefined,
          stackNames.region(region),
        ),
      ),
    ),
    workspace(stackNames.central(), "central", "central", central.accountId, central.deployRoleArn),
    ...deployedTenants.map((tenant) =>
      workspace(stackNames.customer(tenant.id), "customer", tenant.id, tenant.accountId, tenant.deployRoleArn),
    ),
    ...inventory.clusters.map((cluster) =>
      workspace(stackNames.cluster(cluster.id), "cluster", cluster.id, cluster.accountId, cluster.deployRoleArn, {
        agentPoolId: settings.clusterAgentPools[cluster.id],
      }),
    ),
  ];
  refuseSharedPower(workspaces);

  return {
    settings,
    prefix,
    centralAccountId: central.accountId,
    workspaces,
    triggers: planTriggers(
      inventory,
      deployedTenants.map((tenant) => tenant.id),
    ),
    selfAppliedTenants: customerTenants.filter((tenant) => tenant.deployRoleArn === undefined).map((t) => t.id),
  };
}

/** TFC connects a workspace to at most 20 source workspaces. */
const MAX_RUN_TRIGGER_SOURCES = 20;

/**
 * The smallest trigger set that orders every workspace after the layer before it:
 * - lanes ← their region: a lane stack subscribes to its region's topic and maps to its Lambda
 *   (one source each);
 * - central ← every region: central trusts each region's processor role, so any region's apply
 *   may change what central must say (one source per region; more than 20 regions is refused).
 *   Not ← every lane stack, which would pass TFC's 20 sources with a few regions: the worker roles
 *   central trusts are created in the lanes layer, which CI deploys before central's layer;
 * - customer ← central: the customer role trusts the central role;
 * - cluster ← one customer, its first tenant that has a workspace (else any customer; with no
 *   customer workspace at all, central). One source each, so any number of tenants and clusters
 *   stays within TFC's limit of 20 sources per workspace.
 */
function planTriggers(inventory: ResolvedInventory, deployedTenantIds: readonly string[]): RunTriggerPlan[] {
  const { regions } = inventory.central;
  if (regions.length === 0) throw new TfcBootstrapError("central.regions is empty: nothing to deploy");
  if (regions.length > MAX_RUN_TRIGGER_SOURCES) {
    throw new TfcBootstrapError(
      `central.regions has ${regions.length} regions: the central workspace can be triggered by at most ` +
        `${MAX_RUN_TRIGGER_SOURCES} region workspaces`,
    );
  }
  const central = stackNames.central();
  const deployed = new Set(deployedTenantIds);
  return [
    ...regions.flatMap((region) =>
      laneGroups(inventory, region).map((group) => ({ source: stackNames.region(region), target: group.stackName })),
    ),
    ...regions.map((region) => ({ source: stackNames.region(region), target: central })),
    ...deployedTenantIds.map((tenantId) => ({ source: central, target: stackNames.customer(tenantId) })),
    ...inventory.clusters.map((cluster) => {
      const tenant = [...cluster.tenants].sort().find((id) => deployed.has(id)) ?? deployedTenantIds[0];
      return {
        source: tenant === undefined ? central : stackNames.customer(tenant),
        target: stackNames.cluster(cluster.id),
      };
    }),
  ];
}

/** The non-empty layers of a plan, in deploy order: what CI deploys step by step. */
export function workspaceLayers(plan: TfcPlan): readonly (readonly TfcWorkspacePlan[])[] {
  return DEPLOY_LAYERS.map((layer) => plan.workspaces.filter((ws) => ws.layer === layer)).filter(
    (layer) => layer.length > 0,
  );
}

/** One AWS account the bootstrap creates an OIDC provider and run roles in. */
export interface TfcAccountPlan {
  readonly accountId: string;
  /** Role the bootstrap assumes there; undefined = the ambient credentials of whoever applies it. */
  readonly bootstrapRoleArn: string | undefined;
  readonly workspaces: readonly TfcWorkspacePlan[];
}

/**
 * Accounts in ascending id order, each reached through the central deploy role (central account)
 * or the first deploy role the inventory names for it (tenants, then clusters). An account with no deploy role at all is
 * reached with the applier's own credentials, which can only be valid in one account.
 */
export function planAccounts(plan: TfcPlan): readonly TfcAccountPlan[] {
  const ids = [...new Set(plan.workspaces.map((ws) => ws.accountId))].sort();
  const accounts = ids.map((accountId) => {
    const workspaces = plan.workspaces.filter((ws) => ws.accountId === accountId);
    return {
      accountId,
      // The central stack's role first: it is the one that deploys roles in the central account.
      bootstrapRoleArn: (
        workspaces.find((ws) => ws.layer === "central") ?? workspaces.find((ws) => ws.deployRoleArn !== undefined)
      )?.deployRoleArn,
      workspaces,
    };
  });
  const ambient = accounts.filter((account) => account.bootstrapRoleArn === undefined).map((a) => a.accountId);
  if (ambient.length > 1) {
    throw new TfcBootstrapError(
      `accounts ${ambient.join(", ")} have no deploy role in the inventory: the bootstrap can reach at most ` +
        "one account with the applier's own credentials; give the others a deployRoleArn",
    );
  }
  return accounts;
}
