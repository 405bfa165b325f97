import { PROCESSOR_ENV, readProcessorConfig, REQUIRED_PROCESSOR_ENV } from "../../processor/config/environment";

const complete = {
  LOGHOP_TENANT_TABLE: "loghop-tenants",
  LOGHOP_TENANT_SHARDS: "4",
  LOGHOP_CHECKPOINT_TABLE: "loghop-checkpoints",
  LOGHOP_CENTRAL_ROLE_ARN: "arn:aws:iam::111111111111:role/loghop-central-distribution",
  LOGHOP_STAGING_BUCKET: "loghop-staging",
  LOGHOP_METRICS_NAMESPACE: "Loghop",
};

describe("readProcessorConfig", () => {
  it("exposes the six agreed variable names", () => {
    expect(REQUIRED_PROCESSOR_ENV).toStrictEqual([
      "LOGHOP_TENANT_TABLE",
      "LOGHOP_TENANT_SHARDS",
      "LOGHOP_CHECKPOINT_TABLE",
      "LOGHOP_CENTRAL_ROLE_ARN",
      "LOGHOP_STAGING_BUCKET",
      "LOGHOP_METRICS_NAMESPACE",
    ]);
    expect(PROCESSOR_ENV.tenantTable).toBe("LOGHOP_TENANT_TABLE");
  });

  it("applies the documented defaults to optional tunables", () => {
    const config = readProcessorConfig(complete);
    expect(config).toStrictEqual({
      tenantTable: "loghop-tenants",
      tenantShards: 4,
      checkpointTable: "loghop-checkpoints",
      centralRoleArn: "arn:aws:iam::111111111111:role/loghop-central-distribution",
      stagingBucket: "loghop-staging",
      metricsNamespace: "Loghop",
      clusterTenants: undefined,
      tenantCacheTtlSeconds: 60,
      objectConcurrency: 4,
      checkpointTtlDays: 15,
      stopMarginSeconds: 15,
      maxLineBytes: 4194304,
      checkpointEveryRequests: 1,
      queueUrl: undefined,
      limits: { maxUncompressedBytes: 67108864, maxEvents: 250000, maxCompressionRatio: 250 },
    });
  });

  it("reads the per-object limits the region stack sets", () => {
    const config = readProcessorConfig({
      ...complete,
      [PROCESSOR_ENV.maxObjectBytes]: "20000000",
      [PROCESSOR_ENV.maxObjectEvents]: "300000",
      [PROCESSOR_ENV.maxCompressionRatio]: "100",
    });
    expect(config.limits).toStrictEqual({
      maxUncompressedBytes: 20000000,
      maxEvents: 300000,
      maxCompressionRatio: 100,
    });
    expect(() => readProcessorConfig({ ...complete, [PROCESSOR_ENV.maxObjectEvents]: "-1" })).toThrow(
      'environment variable LOGHOP_MAX_OBJECT_EVENTS must be a positive integer, got "-1"',
    );
  });

  it.each(REQUIRED_PROCESSOR_ENV)("fails naming %s when it is missing", (name) => {
    const env: Record<string, string> = { ...complete };
    delete env[name];
    expect(() => readProcessorConfig(env)).toThrow(`environment variable ${name} is required`);
  });

  it("parses the cluster → tenants map and rejects a malformed one", () => {
    const config = readProcessorConfig({ ...complete, LOGHOP_CLUSTER_TENANTS: '{"prod-eks":["globex","umbrella"]}' });
    expect(config.clusterTenants).toStrictEqual({ "prod-eks": ["globex", "umbrella"] });
    expect(() => readProcessorConfig({ ...complete, LOGHOP_CLUSTER_TENANTS: '{"prod-eks":"globex"}' })).toThrow(
      /LOGHOP_CLUSTER_TENANTS: \/prod-eks must be an array of tenant ids/,
    );
    expect(() => readProcessorConfig({ ...complete, LOGHOP_CLUSTER_TENANTS: "{" })).toThrow(/invalid JSON/);
  });

  it.each(["0", "3", "512", "2.0x", "-4"])("rejects the shard count %s: a power of two from 1 to 256", (value) => {
    expect(() => readProcessorConfig({ ...complete, LOGHOP_TENANT_SHARDS: value })).toThrow(
      `environment variable LOGHOP_TENANT_SHARDS must be a power of two from 1 to 256, got ${JSON.stringify(value)}`,
    );
  });

  it("rejects a non-positive tunable, naming the variable and the value", () => {
    expect(() => readProcessorConfig({ ...complete, LOGHOP_OBJECT_CONCURRENCY: "0" })).toThrow(
      'environment variable LOGHOP_OBJECT_CONCURRENCY must be a positive integer, got "0"',
    );
  });
});
