/** Rules on references between parts of the inventory: regions, tenants, accounts. */
import { oidcIssuerHost } from "../names";
import { pointer } from "../validate-pointer";
import { didYouMean } from "../validate-suggest";
import type { InventoryProblem } from "../errors";
import type { InventoryRule } from "./types";
import { arnAccount } from "./aws-names";
import { deliveriesOf, repeats } from "./walk";

/** At most 20 names, then how many more: a typo in an estate of 500 tenants stays one readable line. */
function listSome(names: readonly string[]): string {
  const shown = names.slice(0, 20).join(", ");
  return names.length > 20 ? `${shown}, … (${names.length - 20} more)` : shown;
}

function regionProblem(path: string, region: string, regions: readonly string[], what: string): InventoryProblem {
  return {
    path,
    message:
      `region "${region}" is not a central region${didYouMean(region, regions)} ` +
      `${what} must be one of /central/regions: ${regions.join(", ")}`,
  };
}

const clusterRegions: InventoryRule = {
  id: "loghop:inventory:cluster-regions",
  description: "Every cluster ships to a central region (where its staging bucket is).",
  severity: "error",
  reads: ["/central/regions", "/clusters/*/region"],
  check: (inventory) =>
    inventory.clusters.flatMap((cluster, c) =>
      inventory.central.regions.includes(cluster.region)
        ? []
        : [
            regionProblem(
              pointer("clusters", c, "region"),
              cluster.region,
              inventory.central.regions,
              "a cluster's region",
            ),
          ],
    ),
};

const deliveryRegions: InventoryRule = {
  id: "loghop:inventory:delivery-regions",
  description: "Every delivery's region is a central region (the processor there delivers it).",
  severity: "error",
  reads: ["/central/regions", "/tenants/*/deliveries/*/region"],
  check: (inventory) =>
    deliveriesOf(inventory).flatMap(({ delivery, at }) =>
      inventory.central.regions.includes(delivery.region)
        ? []
        : [regionProblem(`${at}/region`, delivery.region, inventory.central.regions, "a delivery's region")],
    ),
};

export const clusterTenants: InventoryRule = {
  id: "loghop:inventory:cluster-tenants",
  description: "Every tenant a cluster lists exists, and none is listed twice.",
  severity: "error",
  reads: ["/tenants/*/id", "/clusters/*/tenants"],
  check: (inventory) => {
    const known = new Set(inventory.tenants.map((tenant) => tenant.id));
    return inventory.clusters.flatMap((cluster, c) => {
      const listed = cluster.tenants.map((id, i) => [pointer("clusters", c, "tenants", i), id] as const);
      const unknown = listed
        .filter(([, id]) => !known.has(id))
        .map(([path, id]) => ({
          path,
          message: `unknown tenant "${id}"${didYouMean(id, [...known])} known tenants: ${listSome([...known])}`,
        }));
      const twice = repeats(listed, (id, firstAt) => `tenant "${id}" is listed twice (first at ${firstAt})`);
      return [...unknown, ...twice];
    });
  },
};

/** A deploy role must live in the account it deploys into: Terraform creates resources where it is. */
const deployRoleAccounts: InventoryRule = {
  id: "loghop:inventory:deploy-role-accounts",
  description: "Every deployRoleArn is a role in the account of the entity it deploys (central, tenant, cluster).",
  severity: "error",
  reads: [
    "/central/accountId",
    "/central/deployRoleArn",
    "/tenants/*/accountId",
    "/tenants/*/deployRoleArn",
    "/clusters/*/accountId",
    "/clusters/*/deployRoleArn",
  ],
  check: (inventory) => {
    const owners = [
      { at: pointer("central"), owner: inventory.central },
      ...inventory.tenants.map((owner, t) => ({ at: pointer("tenants", t), owner })),
      ...inventory.clusters.map((owner, c) => ({ at: pointer("clusters", c), owner })),
    ];
    return owners.flatMap(({ at, owner }) => {
      const role = owner.deployRoleArn;
      if (role === undefined || arnAccount(role) === owner.accountId) return [];
      return [
        {
          path: `${at}/deployRoleArn`,
          message: `role is in account ${arnAccount(role)} but ${at}/accountId is ${owner.accountId}; the deploy role must be in that account`,
        },
      ];
    });
  },
};

/** IRSA only works when the IAM OIDC provider names exactly this issuer, in the cluster's account. */
const oidcProviders: InventoryRule = {
  id: "loghop:inventory:oidc-providers",
  description: "An explicit oidcProviderArn is in the cluster's account and names the cluster's issuer.",
  severity: "error",
  reads: ["/clusters/*/accountId", "/clusters/*/oidcIssuerUrl", "/clusters/*/oidcProviderArn"],
  check: (inventory) =>
    inventory.clusters.flatMap((cluster, c) => {
      const arn = cluster.oidcProviderArn;
      if (arn === undefined) return [];
      const path = pointer("clusters", c, "oidcProviderArn");
      const problems: InventoryProblem[] = [];
      if (arnAccount(arn) !== cluster.accountId) {
        problems.push({
          path,
          message: `provider is in account ${arnAccount(arn)} but the cluster's accountId is ${cluster.accountId}; IRSA needs the provider in the cluster's account`,
        });
      }
      const named = arn.slice(arn.indexOf(":oidc-provider/") + ":oidc-provider/".length);
      const issuer = oidcIssuerHost(cluster.oidcIssuerUrl);
      if (named !== issuer) {
        problems.push({
          path,
          message: `provider names the issuer "${named}" but oidcIssuerUrl is "${issuer}" (without https://); they must match`,
        });
      }
      return problems;
    }),
};

/** A workspace can only run on an agent pool if the pool is assigned to a cluster that exists. */
const agentPoolClusters: InventoryRule = {
  id: "loghop:inventory:agent-pool-clusters",
  description: "Every cluster id in central.backend.clusterAgentPools names a cluster of the inventory.",
  severity: "error",
  reads: ["/central/backend", "/clusters/*/id"],
  check: (inventory) => {
    const backend = inventory.central.backend;
    if (backend?.type !== "cloud" || backend.clusterAgentPools === undefined) return [];
    const clusters = inventory.clusters.map((cluster) => cluster.id);
    return Object.keys(backend.clusterAgentPools)
      .filter((id) => !clusters.includes(id))
      .map((id) => ({
        path: pointer("central", "backend", "clusterAgentPools", id),
        message: `no cluster "${id}"${didYouMean(id, clusters)} clusters: ${listSome(clusters)}`,
      }));
  },
};

/**
 * Every Vector role trusts its issuer's `system:serviceaccount:<ns>:<sa>` subject, and all agents
 * share that subject; two clusters on one issuer could each assume the other's role and stage
 * under the other's prefix (for tenants only the other carries).
 */
const uniqueOidcIssuers: InventoryRule = {
  id: "loghop:inventory:unique-oidc-issuers",
  description: "No two clusters share an OIDC issuer (each cluster's service-account tokens come from its own issuer).",
  severity: "error",
  reads: ["/clusters/*/id", "/clusters/*/oidcIssuerUrl"],
  check: (inventory) => {
    const first = new Map<string, string>();
    return inventory.clusters.flatMap((cluster, c) => {
      const issuer = oidcIssuerHost(cluster.oidcIssuerUrl).toLowerCase();
      const owner = first.get(issuer);
      if (owner === undefined) {
        first.set(issuer, cluster.id);
        return [];
      }
      return [
        {
          path: pointer("clusters", c, "oidcIssuerUrl"),
          message: `is cluster ${owner}'s issuer too; the Vector roles trust the same service-account subject on one issuer, so each cluster could assume the other's role and write under its prefix; give each cluster its own issuer (each EKS/OpenShift cluster has one)`,
        },
      ];
    });
  },
};

export const referenceRules: readonly InventoryRule[] = [
  clusterRegions,
  deliveryRegions,
  clusterTenants,
  deployRoleAccounts,
  oidcProviders,
  uniqueOidcIssuers,
  agentPoolClusters,
];
