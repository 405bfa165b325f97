import { buildClusterTenantMap, buildProcessorEnvironment, buildTenantDeliveryItems } from "../../generators";
import { CLUSTER_TENANTS_ENV_MAX_BYTES } from "../../generators/processor-config/environment";
import { resolveObjectLimits } from "../../inventory/object-limits";
import type { ResolvedCluster } from "../../inventory/resolved";
import { exampleWithOwnedRole, GLOBEX_OWN_ROLE } from "../stacks/support/inventories";
import { exampleInventory } from "./support";

const inv = exampleInventory();

describe("buildTenantDeliveryItems", () => {
  const items = buildTenantDeliveryItems(inv);

  it("writes one item per tenant delivery, sorted by the table's keys", () => {
    expect(items.map((i) => `${i.tenantId} ${i.deliveryId}`)).toStrictEqual([
      "globex cloudwatch:eu-west-1:/loghop/globex/prod",
      "globex s3:eu-west-1:globex-log-archive/kubernetes/",
      "initech cloudwatch:us-east-1:/initech/k8s/*",
      "umbrella cloudwatch:eu-west-1:/umbrella/kubernetes",
    ]);
  });

  it("describes a CloudWatch delivery with the tenant's role, ExternalId and allowed clusters", () => {
    expect(items[0]).toStrictEqual({
      tenantId: "globex",
      deliveryId: "cloudwatch:eu-west-1:/loghop/globex/prod",
      type: "cloudwatch",
      region: "eu-west-1",
      accountId: "222222222222",
      roleArn: "arn:aws:iam::222222222222:role/lh-prod-globex-delivery",
      externalId: "lhx-7Qm2vT9rKp4ZsW8yXc3NbL6dHf1JgA5e",
      enabled: true,
      desiredLogs: ["checkout", "payments", "web"],
      allowedClusters: ["eks-eu-1", "rosa-eu-2"],
      logGroupName: "/loghop/globex/prod",
      retentionDays: 90,
    });
  });

  it("describes an S3 delivery with its bucket and prefix", () => {
    expect(items[1]).toMatchObject({ type: "s3", bucket: "globex-log-archive", prefix: "kubernetes/" });
    expect(items[1]?.logGroupName).toBeUndefined();
  });

  it("carries prefix mode and the KMS key, and no desiredLogs when every application is wanted", () => {
    expect(items[2]).toMatchObject({
      logGroupPrefix: "/initech/k8s",
      kmsKeyArn: "arn:aws:kms:us-east-1:333333333333:key/0f6b5a9e-3c2d-4b1a-9e8f-7d6c5b4a3f21",
      retentionDays: 30,
      allowedClusters: ["eks-us-1", "rosa-eu-2"],
    });
    expect("desiredLogs" in items[2]!).toBe(false);
  });

  it("is disabled when either the tenant or the delivery is", () => {
    const [globex, ...others] = inv.tenants;
    const disabledTenant = { ...inv, tenants: [{ ...globex!, enabled: false }, ...others] };
    const disabledDelivery = {
      ...inv,
      tenants: [{ ...globex!, deliveries: [{ ...globex!.deliveries[0]!, enabled: false }] }, ...others],
    };
    expect(
      buildTenantDeliveryItems(disabledTenant)
        .filter((i) => i.tenantId === "globex")
        .map((i) => i.enabled),
    ).toStrictEqual([false, false]);
    expect(buildTenantDeliveryItems(disabledDelivery).find((i) => i.tenantId === "globex")?.enabled).toBe(false);
  });
});

describe("buildClusterTenantMap", () => {
  it("maps every cluster to its sorted tenants", () => {
    expect(buildClusterTenantMap(inv)).toStrictEqual({
      "eks-eu-1": ["globex", "umbrella"],
      "eks-us-1": ["initech"],
      "rosa-eu-2": ["globex", "initech", "umbrella"],
    });
  });
});

describe("buildProcessorEnvironment", () => {
  it("names the region's tables, bucket, central role and metrics namespace by PROCESSOR_ENV", () => {
    expect(buildProcessorEnvironment(inv, "us-east-1")).toStrictEqual({
      LOGHOP_CENTRAL_ROLE_ARN: "arn:aws:iam::111111111111:role/lh-prod-central-distribution",
      LOGHOP_CHECKPOINT_TABLE: "lh-prod-checkpoints",
      LOGHOP_CLUSTER_TENANTS: '{"eks-us-1":["initech"]}',
      LOGHOP_MAX_COMPRESSION_RATIO: "250",
      LOGHOP_MAX_OBJECT_BYTES: "67108864",
      LOGHOP_MAX_OBJECT_EVENTS: "250000",
      LOGHOP_METRICS_NAMESPACE: "Loghop/lh-prod",
      LOGHOP_STAGING_BUCKET: "lh-prod-staging-111111111111-us-east-1",
      LOGHOP_TENANT_SHARDS: "1",
      LOGHOP_TENANT_TABLE: "lh-prod-tenants",
    });
  });

  it("passes the inventory's per-object limits, the defaults raised to cover the largest agent batch", () => {
    const big = {
      ...inv,
      clusters: inv.clusters.map((c, i) =>
        i === 0 ? { ...c, vector: { ...c.vector, batchMaxBytes: 60_000_000 } } : c,
      ),
    };
    const limits = resolveObjectLimits(
      undefined,
      big.clusters.map((c) => ({ vector: { batchMaxBytes: c.vector.batchMaxBytes } })),
    );
    expect(limits).toStrictEqual({ maxUncompressedBytes: 120_000_000, maxEvents: 1_200_000, maxCompressionRatio: 250 });
    const env = buildProcessorEnvironment(
      { ...big, central: { ...big.central, processor: { ...big.central.processor, limits } } },
      "eu-west-1",
    );
    expect([env["LOGHOP_MAX_OBJECT_BYTES"], env["LOGHOP_MAX_OBJECT_EVENTS"]]).toStrictEqual(["120000000", "1200000"]);
  });

  it("leaves the cluster map out when it would not fit Lambda's 4 KB environment", () => {
    // Prepare: 100 clusters in one region.
    const template = inv.clusters[0]!;
    const clusters: ResolvedCluster[] = Array.from({ length: 100 }, (_, n) => ({
      ...template,
      id: `cluster-number-${n}`,
      tenants: ["globex", "umbrella"],
    }));
    // Act
    const env = buildProcessorEnvironment({ ...inv, clusters }, "eu-west-1");
    // Assess
    expect(JSON.stringify(buildClusterTenantMap({ ...inv, clusters })).length).toBeGreaterThan(
      CLUSTER_TENANTS_ENV_MAX_BYTES,
    );
    expect(env["LOGHOP_CLUSTER_TENANTS"]).toBeUndefined();
    expect(env["LOGHOP_TENANT_TABLE"]).toBe("lh-prod-tenants");
  });
});

describe("buildTenantDeliveryItems with a tenant that owns its delivery role", () => {
  it("gives the processor the tenant's own role ARN with its ExternalId; other tenants keep loghop's name", () => {
    const owned = exampleWithOwnedRole();
    const roles = buildTenantDeliveryItems(owned).map((item) => [item.tenantId, item.roleArn, item.externalId]);
    const externalId = (id: string): string => owned.tenants.find((t) => t.id === id)!.externalId;
    expect(roles).toStrictEqual([
      ["globex", GLOBEX_OWN_ROLE, externalId("globex")],
      ["globex", GLOBEX_OWN_ROLE, externalId("globex")],
      ["globex", GLOBEX_OWN_ROLE, externalId("globex")],
      ["initech", "arn:aws:iam::333333333333:role/lh-prod-initech-delivery", externalId("initech")],
      ["umbrella", "arn:aws:iam::444444444444:role/lh-prod-umbrella-delivery", externalId("umbrella")],
    ]);
  });
});
