/** Inventories with the `cloud` backend, and the synthesized bootstrap stack of one. */
import { Testing } from "cdktf";
import { resolveInventory } from "../../../inventory/resolve";
import type { ResolvedInventory } from "../../../inventory/resolved";
import type { CloudBackendConfig, Inventory, Tenant, Cluster } from "../../../inventory/types";
import { TfcBootstrapStack } from "../../../stacks/tfc-bootstrap";
import { exampleRawInventory } from "../../stacks/support/inventories";

export const ORGANIZATION = "acme-corp";
export const PROJECT = "loghop-prod";

/**
 * An agent pool for each example cluster: validation requires one per cluster with the cloud
 * backend (TFC's hosted runners have no kubeconfig), so fixtures that go through validation use it.
 */
export const EXAMPLE_AGENT_POOLS: Readonly<Record<string, string>> = {
  "eks-eu-1": "apool-EksEu1",
  "eks-us-1": "apool-EksUs1",
  "rosa-eu-2": "apool-RosaEu2",
};

/** A deploy role of its own for one stack (rule cloud-deploy-role-per-stack). */
export function ownDeployRole(accountId: string, stackName: string): string {
  return `arn:aws:iam::${accountId}:role/loghop-deploy-${stackName}`;
}

/** Each region its own deploy role in the central account. */
export function regionDeployRoles(accountId: string, regions: readonly string[]): Record<string, string> {
  return Object.fromEntries(regions.map((region) => [region, ownDeployRole(accountId, `region-${region}`)]));
}

/**
 * The raw example inventory, its backend switched to Terraform Cloud, and — as that backend
 * requires — one deploy role per stack: the example's clusters in account 555… share one role and
 * its regions use the central one, which is fine for a workstation but not for TFC workspaces.
 */
export function cloudExample(backend: Partial<CloudBackendConfig> = {}): Inventory {
  const raw = exampleRawInventory();
  return {
    ...raw,
    central: {
      ...raw.central,
      regionDeployRoleArns: regionDeployRoles(raw.central.accountId, raw.central.regions),
      backend: { type: "cloud", organization: ORGANIZATION, project: PROJECT, ...backend },
    },
    clusters: raw.clusters.map((cluster) =>
      cluster.deployRoleArn === undefined
        ? cluster
        : { ...cluster, deployRoleArn: ownDeployRole(cluster.accountId, `cluster-${cluster.id}`) },
    ),
  };
}

export function resolvedCloudExample(backend: Partial<CloudBackendConfig> = {}): ResolvedInventory {
  return resolveInventory(cloudExample(backend));
}

function account(n: number): string {
  return String(100000000000 + n);
}

/**
 * A larger estate: `tenants` tenants (every third one self-applied), `clusters` clusters in 4
 * accounts spread over `regions` regions, each cluster carrying a window of 12 tenants.
 */
export function largeCloudInventory(tenants: number, clusters: number, regions: readonly string[]): Inventory {
  const base = cloudExample();
  const tenantList: Tenant[] = Array.from({ length: tenants }, (_, i) => {
    const id = `tenant-${String(i).padStart(3, "0")}`;
    const accountId = account(1000 + i);
    return {
      id,
      accountId,
      ...(i % 3 === 2 ? {} : { deployRoleArn: `arn:aws:iam::${accountId}:role/loghop-deployer` }),
      externalId: `lhx-${id}-0123456789abcdefghijklmnopqrstuv`,
      deliveries: [{ type: "cloudwatch", region: "eu-west-1", logGroupName: `/${id}/logs` }],
    };
  });
  const clusterList: Cluster[] = Array.from({ length: clusters }, (_, i) => {
    const accountId = account(500 + (i % 4));
    return {
      id: `k8s-${String(i).padStart(2, "0")}`,
      region: regions[i % regions.length] ?? "eu-west-1",
      accountId,
      deployRoleArn: ownDeployRole(accountId, `cluster-k8s-${String(i).padStart(2, "0")}`),
      platform: "kubernetes",
      oidcIssuerUrl: `https://oidc.example.com/id/${i}`,
      tenantSource: { from: "namespace" },
      tenants: tenantList.slice((i * 7) % tenants, ((i * 7) % tenants) + 12).map((t) => t.id),
      kube: { context: `k8s-${i}` },
    };
  });
  return {
    ...base,
    central: {
      ...base.central,
      regions: [...regions],
      regionDeployRoleArns: regionDeployRoles(base.central.accountId, regions),
    },
    tenants: tenantList,
    clusters: clusterList,
  };
}

/** The synthesized `cdk.tf.json` of the bootstrap stack, parsed. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Terraform JSON is read field by field in tests.
export type TerraformJson = Record<string, any>;

export function synthBootstrap(inventory: ResolvedInventory): TerraformJson {
  const app = Testing.app();
  const stack = new TfcBootstrapStack(app, "tfc-bootstrap", inventory);
  return JSON.parse(Testing.synth(stack)) as TerraformJson;
}

/** The bootstrap stack of a raw inventory (resolved first), synthesized and parsed. */
export function synthRawBootstrap(raw: Inventory): TerraformJson {
  return synthBootstrap(resolveInventory(raw));
}

/** Resources of one type, keyed by their construct id. */
export function resources(json: TerraformJson, type: string): Record<string, TerraformJson> {
  return (json["resource"]?.[type] ?? {}) as Record<string, TerraformJson>;
}

/** Workspace name → the `tfe_workspace` resource that creates it. */
export function workspacesByName(json: TerraformJson): Map<string, TerraformJson> {
  return new Map(Object.values(resources(json, "tfe_workspace")).map((ws) => [ws["name"] as string, ws]));
}
