/** Inventories for stack tests and the synth benchmark: the example, and generated ones of any size. */
import { readFileSync } from "node:fs";
import { resolveInventory } from "../../../inventory/resolve";
import type { ResolvedInventory } from "../../../inventory/resolved";
import type { BackendConfig, Cluster, Inventory, ProcessorMode, Tenant } from "../../../inventory/types";

export const EXAMPLE_INVENTORY_PATH = "examples/inventory.json";

export function exampleRawInventory(): Inventory {
  return JSON.parse(readFileSync(EXAMPLE_INVENTORY_PATH, "utf8")) as Inventory;
}

export function exampleInventory(): ResolvedInventory {
  return resolveInventory(exampleRawInventory());
}

/**
 * The bucket-policy statement globex (the example's S3 tenant) must add: the customer
 * stack outputs it and the onboarding page shows it, the same JSON.
 */
export const EXAMPLE_GLOBEX_BUCKET_STATEMENT = {
  Sid: "LoghopDeliveryRoleWritesPrefix",
  Effect: "Allow",
  Principal: { AWS: "arn:aws:iam::222222222222:role/lh-prod-globex-delivery" },
  // PutObjectAcl: the processor writes with bucket-owner-full-control, which S3 authorizes as both.
  Action: ["s3:PutObject", "s3:PutObjectAcl"],
  Resource: "arn:aws:s3:::globex-log-archive/kubernetes/*",
  Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control" } },
};

/** The role globex creates itself in `exampleWithOwnedRole`: its own path and name. */
export const GLOBEX_OWN_ROLE = "arn:aws:iam::222222222222:role/platform/logging/GlobexLoghopDelivery";

/**
 * The example with globex owning its delivery role (`deliveryRoleArn`, so no deploy role) and a
 * second CloudWatch log group in us-east-1: the template then spans two regions.
 */
export function exampleRawWithOwnedRole(): Inventory {
  const raw = exampleRawInventory();
  return {
    ...raw,
    tenants: raw.tenants.map(({ deployRoleArn, ...tenant }) =>
      tenant.id === "globex"
        ? {
            ...tenant,
            deliveryRoleArn: GLOBEX_OWN_ROLE,
            deliveries: [
              ...tenant.deliveries,
              { type: "cloudwatch", region: "us-east-1", logGroupName: "/loghop/globex/us", retentionDays: 14 },
            ],
          }
        : { ...tenant, ...(deployRoleArn === undefined ? {} : { deployRoleArn }) },
    ),
  };
}

export function exampleWithOwnedRole(): ResolvedInventory {
  return resolveInventory(exampleRawWithOwnedRole());
}

/** The example with another backend. */
export function withBackend(raw: Inventory, backend: BackendConfig): ResolvedInventory {
  return resolveInventory({ ...raw, central: { ...raw.central, backend } });
}

export interface ScaleSpec {
  readonly tenants: number;
  readonly clusters: number;
  readonly regions: number;
}

const REGIONS = ["eu-west-1", "us-east-1", "eu-central-1", "ap-southeast-2", "us-west-2", "eu-north-1"];

function accountId(base: number, index: number): string {
  return String(base + index).padStart(12, "0");
}

/**
 * Tenant `i` of a generated inventory: deliveries alternate CloudWatch name mode, prefix mode and
 * CloudWatch + S3; three tenants in four have a deploy role.
 */
function generatedTenant(i: number, id: string, region: string): Tenant {
  const deliveries: Tenant["deliveries"][number][] =
    i % 3 === 1
      ? [{ type: "cloudwatch", region, logGroupPrefix: `/${id}/k8s`, retentionDays: 30 }]
      : [{ type: "cloudwatch", region, logGroupName: `/loghop/${id}`, retentionDays: 90 }];
  if (i % 3 === 2) deliveries.push({ type: "s3", region, bucket: `${id}-log-archive`, prefix: "kubernetes/" });
  return {
    id,
    accountId: accountId(200_000_000_000, i),
    ...(i % 4 === 3 ? {} : { deployRoleArn: `arn:aws:iam::${accountId(200_000_000_000, i)}:role/loghop-deployer` }),
    externalId: `lhx-${id}-${String(i * 7919).padStart(24, "0")}`,
    deliveries,
  };
}

/** Cluster `index` of a generated inventory: one in five is OpenShift. */
function generatedCluster(index: number, id: string, region: string, tenants: string[]): Cluster {
  return {
    id,
    region,
    accountId: accountId(500_000_000_000, index),
    deployRoleArn: `arn:aws:iam::${accountId(500_000_000_000, index)}:role/loghop-deployer`,
    platform: index % 5 === 4 ? "openshift" : "kubernetes",
    oidcIssuerUrl: `https://oidc.eks.${region}.amazonaws.com/id/${String(index).padStart(32, "A")}`,
    tenantSource: { from: "namespaceLabel", key: "loghop.io/tenant" },
    tenants,
    kube: { context: id },
  };
}

function generatedInventory(
  names: Pick<Inventory, "project" | "environment" | "prefix">,
  regions: string[],
  tenants: Tenant[],
  clusters: Cluster[],
): Inventory {
  return {
    ...names,
    central: {
      accountId: "111111111111",
      deployRoleArn: "arn:aws:iam::111111111111:role/loghop-deployer",
      regions,
      alarms: { emails: ["oncall@example.com"] },
      backend: { type: "local" },
    },
    tenants,
    clusters,
  };
}

/**
 * A valid inventory of the given size: tenants alternate CloudWatch name mode,
 * prefix mode and CloudWatch + S3; every cluster carries a slice of the tenants.
 */
export function scaledRawInventory(spec: ScaleSpec): Inventory {
  const regions = REGIONS.slice(0, spec.regions);
  const tenants: Tenant[] = Array.from({ length: spec.tenants }, (_, i) =>
    generatedTenant(i, `tenant-${String(i + 1).padStart(4, "0")}`, regions[i % regions.length] as string),
  );
  const clusters: Cluster[] = Array.from({ length: spec.clusters }, (_, c) => {
    const carried = tenants.filter((_, t) => t % spec.clusters === c || t % 10 === c % 10).map((t) => t.id);
    return generatedCluster(c, `eks-${String(c + 1).padStart(3, "0")}`, regions[c % regions.length] as string, carried);
  });
  return generatedInventory(
    { project: "loghop-scale", environment: "bench", prefix: "lh-scale" },
    regions,
    tenants,
    clusters,
  );
}

export function scaledInventory(spec: ScaleSpec): ResolvedInventory {
  return resolveInventory(scaledRawInventory(spec));
}

/** The external worker's role in `withProcessorMode` inventories (central account). */
export const EXAMPLE_WORKER_ROLE = "arn:aws:iam::111111111111:role/lh-prod-sqs-worker";

/** The example in another region shape; `queue` and `none` trust `EXAMPLE_WORKER_ROLE`. */
export function withProcessorMode(raw: Inventory, mode: ProcessorMode): ResolvedInventory {
  const workers = mode === "lambda" ? {} : { workerRoleArns: [EXAMPLE_WORKER_ROLE] };
  return resolveInventory({
    ...raw,
    central: { ...raw.central, processor: { ...raw.central.processor, mode, ...workers } },
  });
}

/** Image of the worker in test inventories (the Containerfile's, as pushed to ECR). */
export const EXAMPLE_WORKER_IMAGE = "111111111111.dkr.ecr.eu-west-1.amazonaws.com/loghop-worker:0.1.0";

/** The example with a processor worker placed on one cluster (eu-west-1's eks-eu-1 by default). */
export function withProcessorWorker(raw: Inventory, clusterId = "eks-eu-1"): Inventory {
  return {
    ...raw,
    clusters: raw.clusters.map((c) =>
      c.id === clusterId ? { ...c, processorWorker: { image: EXAMPLE_WORKER_IMAGE, replicas: 3 } } : c,
    ),
  };
}

/** 30 commercial AWS regions, in a fixed order: a large estate takes the first `regions` of them. */
export const AWS_REGIONS = [
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
  "ca-central-1",
  "ca-west-1",
  "sa-east-1",
  "mx-central-1",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "eu-central-1",
  "eu-central-2",
  "eu-north-1",
  "eu-south-1",
  "eu-south-2",
  "il-central-1",
  "me-central-1",
  "me-south-1",
  "af-south-1",
  "ap-south-1",
  "ap-south-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-east-1",
] as const;

export interface EstateSpec {
  readonly tenants: number;
  readonly clustersPerRegion: number;
  /** At most AWS_REGIONS.length. */
  readonly regions: number;
  /** Clusters each tenant runs on, all in its home region (default 3, at most clustersPerRegion). */
  readonly clustersPerTenant?: number;
}

const DIRECTION_CODES: Readonly<Record<string, string>> = {
  east: "e",
  west: "w",
  north: "n",
  south: "s",
  central: "c",
  northeast: "ne",
  southeast: "se",
};

/** AWS's short region code: eu-west-1 → euw1, ap-southeast-2 → apse2. */
function regionCode(region: string): string {
  const [area, direction, number] = region.split("-") as [string, string, string];
  return `${area}${DIRECTION_CODES[direction] ?? direction}${number}`;
}

const COMPANIES = ["acme", "globex", "initech", "umbrella", "hooli", "stark", "wayne", "wonka", "tyrell", "soylent"];

/**
 * A provider's estate: `tenants` customers spread round-robin over the first `regions` AWS regions,
 * `clustersPerRegion` clusters in each, every tenant on `clustersPerTenant` consecutive clusters of
 * its home region (so each cluster carries about tenants × clustersPerTenant / clusters of them).
 * Tenants and clusters are made as in `scaledRawInventory`.
 * Deterministic: the same spec gives the same inventory.
 */
export function estateRawInventory(spec: EstateSpec): Inventory {
  if (spec.regions > AWS_REGIONS.length) throw new RangeError(`at most ${AWS_REGIONS.length} regions`);
  const regions: string[] = AWS_REGIONS.slice(0, spec.regions);
  const perTenant = Math.min(spec.clustersPerTenant ?? 3, spec.clustersPerRegion);
  const width = String(Math.max(spec.tenants, spec.clustersPerRegion)).length;
  const clusterId = (region: string, n: number): string =>
    `eks-${regionCode(region)}-${String(n + 1).padStart(width, "0")}`;
  const carried = new Map<string, string[]>();
  const tenants: Tenant[] = Array.from({ length: spec.tenants }, (_, i) => {
    const id = `${COMPANIES[i % COMPANIES.length] as string}-${String(i + 1).padStart(width, "0")}`;
    const home = i % regions.length;
    const region = regions[home] as string;
    // The tenant's slot within its region decides its clusters, so load spreads evenly.
    const slot = Math.floor(i / regions.length);
    for (let k = 0; k < perTenant; k++) {
      const cluster = clusterId(region, (slot * perTenant + k) % spec.clustersPerRegion);
      carried.set(cluster, [...(carried.get(cluster) ?? []), id]);
    }
    return generatedTenant(i, id, region);
  });
  const clusters: Cluster[] = regions.flatMap((region, r) =>
    Array.from({ length: spec.clustersPerRegion }, (_, n): Cluster => {
      const id = clusterId(region, n);
      // More clusters than tenant slots: a cluster no tenant landed on carries its region's first tenant.
      const fallback = r < tenants.length ? [(tenants[r] as Tenant).id] : [];
      return generatedCluster(r * spec.clustersPerRegion + n, id, region, carried.get(id) ?? fallback);
    }),
  );
  return generatedInventory(
    { project: "loghop-estate", environment: "prod", prefix: "lh-prod" },
    regions,
    tenants,
    clusters,
  );
}
