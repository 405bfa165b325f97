/**
 * Length budgets of names loghop builds from ids (inventory/names.ts): each id is valid
 * alone, but prefix + id + suffix must still fit the service's limit.
 */
import {
  IAM_ROLE_NAME_MAX,
  S3_BUCKET_NAME_MAX,
  centralNames,
  customerRoleName,
  stackNames,
  vectorRoleName,
  workspaceName,
} from "../names";
import { pointer } from "../validate-pointer";
import type { InventoryProblem } from "../errors";
import type { Inventory } from "../types";
import type { InventoryRule } from "./types";
import { bucketNameProblems } from "./aws-names";

/** HCP Terraform workspace names are limited to 90 characters. */
const WORKSPACE_NAME_MAX = 90;

interface BuiltName {
  /** Where the part that varies comes from (what to shorten). */
  readonly path: string;
  readonly kind: string;
  readonly name: string;
  readonly max: number;
}

function tooLong({ path, kind, name, max }: BuiltName): InventoryProblem[] {
  if (name.length <= max) return [];
  return [
    {
      path,
      message: `${kind} "${name}" would be ${name.length} characters; the limit is ${max} (shorten this by ${name.length - max} or shorten /prefix)`,
    },
  ];
}

function roleNames(inventory: Inventory): BuiltName[] {
  const { prefix } = inventory;
  const max = IAM_ROLE_NAME_MAX;
  return [
    { path: "/prefix", kind: "IAM role name", name: centralNames.centralRole(prefix), max },
    ...inventory.central.regions.map((region, r) => ({
      path: pointer("central", "regions", r),
      kind: "IAM role name",
      name: centralNames.processorRole(prefix, region),
      max,
    })),
    // A tenant with its own deliveryRoleArn never gets loghop's name.
    ...inventory.tenants.flatMap((tenant, t) =>
      tenant.deliveryRoleArn === undefined
        ? [{ path: pointer("tenants", t, "id"), kind: "IAM role name", name: customerRoleName(prefix, tenant.id), max }]
        : [],
    ),
    ...inventory.clusters.map((cluster, c) => ({
      path: pointer("clusters", c, "id"),
      kind: "IAM role name",
      name: vectorRoleName(prefix, cluster.id),
      max,
    })),
  ];
}

function workspaceNames(inventory: Inventory): BuiltName[] {
  const backend = inventory.central.backend;
  if (backend?.type !== "cloud") return [];
  const workspacePrefix = backend.workspacePrefix ?? inventory.prefix;
  const max = WORKSPACE_NAME_MAX;
  const kind = "HCP Terraform workspace name";
  return [
    { path: "/central/backend", kind, name: workspaceName(workspacePrefix, stackNames.central()), max },
    ...inventory.central.regions.map((region, r) => ({
      path: pointer("central", "regions", r),
      kind,
      name: workspaceName(workspacePrefix, stackNames.region(region)),
      max,
    })),
    ...inventory.tenants.map((tenant, t) => ({
      path: pointer("tenants", t, "id"),
      kind,
      name: workspaceName(workspacePrefix, stackNames.customer(tenant.id)),
      max,
    })),
    ...inventory.clusters.map((cluster, c) => ({
      path: pointer("clusters", c, "id"),
      kind,
      name: workspaceName(workspacePrefix, stackNames.cluster(cluster.id)),
      max,
    })),
  ];
}

/** The staging bucket name is built from prefix, account and region: it must be a valid bucket name. */
function stagingBucketProblems(inventory: Inventory): InventoryProblem[] {
  return inventory.central.regions.flatMap((region, r) => {
    const name = centralNames.stagingBucket(inventory.prefix, inventory.central.accountId, region);
    const reasons = bucketNameProblems(name);
    if (reasons.length === 0) return [];
    // One line per bucket, every broken rule in it (the length names the limit of 63).
    const message = `staging bucket name "${name}" ${reasons.join("; ")}`;
    return [{ path: pointer("central", "regions", r), message }];
  });
}

const nameBudgets: InventoryRule = {
  id: "loghop:inventory:name-budgets",
  description: `Names built from the prefix and ids fit their limits: IAM roles ${IAM_ROLE_NAME_MAX}, staging buckets ${S3_BUCKET_NAME_MAX} (and S3's rules), HCP Terraform workspaces ${WORKSPACE_NAME_MAX}.`,
  severity: "error",
  reads: [
    "/prefix",
    "/central/accountId",
    "/central/regions",
    "/central/backend",
    "/tenants/*/id",
    "/tenants/*/deliveryRoleArn",
    "/clusters/*/id",
  ],
  check: (inventory) => {
    const lengths = [...roleNames(inventory), ...workspaceNames(inventory)].flatMap(tooLong);
    return [...lengths, ...stagingBucketProblems(inventory)];
  },
};

export const budgetRules: readonly InventoryRule[] = [nameBudgets];
