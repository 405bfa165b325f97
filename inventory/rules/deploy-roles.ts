/**
 * Deploy roles per stack. With the `cloud` backend a stack's deploy role is the apply role of its
 * TFC workspace (TFC_AWS_APPLY_ROLE_ARN): a role two workspaces share would let either workspace's
 * runs rewrite the other's stack — a compromised `cluster-a` workspace could change the Vector
 * role of `cluster-b` (issue 9 §5). So each workspace gets its own role, and the stacks that create
 * roles, keys and functions (central, regions) must have one.
 */
import { stackNames } from "../names";
import type { Inventory } from "../types";
import { pointer } from "../validate-pointer";
import { arnAccount } from "./aws-names";
import { roleIdentity } from "./role-identity";
import type { InventoryRule } from "./types";

/** `central.regionDeployRoleArns` may only name central regions, with roles in the central account. */
const regionDeployRoles: InventoryRule = {
  id: "loghop:inventory:region-deploy-roles",
  description: "regionDeployRoleArns names only central regions, each with a role in the central account.",
  severity: "error",
  reads: ["/central/accountId", "/central/regions", "/central/regionDeployRoleArns"],
  check: (inventory) => {
    const { central } = inventory;
    return Object.entries(central.regionDeployRoleArns ?? {}).flatMap(([region, role]) => {
      const path = pointer("central", "regionDeployRoleArns", region);
      if (!central.regions.includes(region)) {
        return [{ path, message: `"${region}" is not in central.regions; allowed: ${central.regions.join(", ")}` }];
      }
      if (arnAccount(role) !== central.accountId) {
        return [
          {
            path,
            message: `role is in account ${arnAccount(role)} but central.accountId is ${central.accountId}; the region stack deploys into the central account`,
          },
        ];
      }
      return [];
    });
  },
};

/** One stack TFC deploys, the role its workspace applies with, and where the inventory says so. */
interface StackRole {
  readonly stack: string;
  readonly role: string | undefined;
  readonly path: string;
  /** Whether a stack without a role is refused (central, regions) or gets a scoped apply role (clusters). */
  readonly required: boolean;
}

/**
 * A region stack's own role only: its fallback, `central.deployRoleArn`, is the central
 * workspace's apply role, so a region without its own role is reported as missing one.
 */
function stackRoles(inventory: Inventory): StackRole[] {
  const { central } = inventory;
  return [
    ...central.regions.map((region) => {
      const role = central.regionDeployRoleArns?.[region];
      return {
        stack: stackNames.region(region),
        role,
        path: pointer("central", "regionDeployRoleArns", ...(role === undefined ? [] : [region])),
        required: true,
      };
    }),
    {
      stack: stackNames.central(),
      role: central.deployRoleArn,
      path: pointer("central", "deployRoleArn"),
      required: true,
    },
    // Tenants without a deploy role apply their own stack: they have no workspace.
    ...inventory.tenants.flatMap((tenant, t) =>
      tenant.deployRoleArn === undefined
        ? []
        : [
            {
              stack: stackNames.customer(tenant.id),
              role: tenant.deployRoleArn,
              path: pointer("tenants", t, "deployRoleArn"),
              required: false,
            },
          ],
    ),
    ...inventory.clusters.map((cluster, c) => ({
      stack: stackNames.cluster(cluster.id),
      role: cluster.deployRoleArn,
      path: pointer("clusters", c, "deployRoleArn"),
      required: false,
    })),
  ];
}

/** Why a required stack has no role of its own, and what to write. */
function missingRole(inventory: Inventory, entry: StackRole): string {
  const { central } = inventory;
  if (entry.stack === stackNames.central()) {
    return (
      `${entry.stack} has no deploy role while central.backend.type is "cloud": its workspace would need an apply ` +
      "role with administrator rights over the central account, reaching every other stack there; set central.deployRoleArn"
    );
  }
  const region = entry.stack.replace(/^region-/, "");
  const fallback =
    central.deployRoleArn === undefined
      ? "has no deploy role"
      : "would deploy with central.deployRoleArn, the central workspace's apply role,";
  return (
    `${entry.stack} ${fallback} while central.backend.type is "cloud": each workspace applies with a role of its own ` +
    "(its lane stacks share the region's); " +
    `add "${region}": "arn:aws:iam::${central.accountId}:role/…" to central.regionDeployRoleArns`
  );
}

const cloudDeployRolePerStack: InventoryRule = {
  id: "loghop:inventory:cloud-deploy-role-per-stack",
  description:
    "With the cloud backend, central and every region have a deploy role, and no two TFC workspaces share one (a region's lane stacks use the region's).",
  severity: "error",
  reads: [
    "/central/backend",
    "/central/deployRoleArn",
    "/central/regions",
    "/central/regionDeployRoleArns",
    "/tenants/*/id",
    "/tenants/*/deployRoleArn",
    "/clusters/*/id",
    "/clusters/*/deployRoleArn",
  ],
  check: (inventory) => {
    if (inventory.central.backend?.type !== "cloud") return [];
    const first = new Map<string, StackRole>();
    return stackRoles(inventory).flatMap((entry) => {
      if (entry.role === undefined) {
        return entry.required ? [{ path: entry.path, message: missingRole(inventory, entry) }] : [];
      }
      // IAM ignores case and path in a role's identity: `role/x/Deployer` is `role/deployer`.
      const identity = roleIdentity(entry.role);
      const owner = first.get(identity);
      if (owner === undefined) {
        first.set(identity, entry);
        return [];
      }
      return [
        {
          path: entry.path,
          message:
            `${entry.stack} would share deploy role ${entry.role} with ${owner.stack} (${owner.path}): with the cloud ` +
            "backend a deploy role is the apply role of exactly one TFC workspace, else a compromised workspace " +
            "rewrites the other's stack; give each stack a role of its own",
        },
      ];
    });
  },
};

export const deployRoleRules: readonly InventoryRule[] = [regionDeployRoles, cloudDeployRolePerStack];
