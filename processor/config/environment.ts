import { DEFAULTS } from "../../inventory/defaults";
import type { ObjectLimits } from "../limits/object-limits";
import { isTenantShardCount, MAX_TENANT_SHARDS } from "../tenant-config/shards";

/**
 * The processor's environment: every variable name in one const (the
 * generators build the Lambda environment from it) and one reader that runs
 * once at start and fails with "environment variable X is required".
 */

export const PROCESSOR_ENV = {
  tenantTable: "LOGHOP_TENANT_TABLE",
  tenantShards: "LOGHOP_TENANT_SHARDS",
  checkpointTable: "LOGHOP_CHECKPOINT_TABLE",
  centralRoleArn: "LOGHOP_CENTRAL_ROLE_ARN",
  stagingBucket: "LOGHOP_STAGING_BUCKET",
  metricsNamespace: "LOGHOP_METRICS_NAMESPACE",
  clusterTenants: "LOGHOP_CLUSTER_TENANTS",
  tenantCacheTtlSeconds: "LOGHOP_TENANT_CACHE_TTL_SECONDS",
  objectConcurrency: "LOGHOP_OBJECT_CONCURRENCY",
  checkpointTtlDays: "LOGHOP_CHECKPOINT_TTL_DAYS",
  stopMarginSeconds: "LOGHOP_STOP_MARGIN_SECONDS",
  maxLineBytes: "LOGHOP_MAX_LINE_BYTES",
  checkpointEveryRequests: "LOGHOP_CHECKPOINT_EVERY_REQUESTS",
  queueUrl: "LOGHOP_QUEUE_URL",
  maxObjectBytes: "LOGHOP_MAX_OBJECT_BYTES",
  maxObjectEvents: "LOGHOP_MAX_OBJECT_EVENTS",
  maxCompressionRatio: "LOGHOP_MAX_COMPRESSION_RATIO",
  /** Read by Powertools Logger itself (observability/logger.ts), not by readProcessorConfig. */
  logLevel: "POWERTOOLS_LOG_LEVEL",
} as const;

/** Names of the variables the processor cannot run without. */
export const REQUIRED_PROCESSOR_ENV = [
  PROCESSOR_ENV.tenantTable,
  PROCESSOR_ENV.tenantShards,
  PROCESSOR_ENV.checkpointTable,
  PROCESSOR_ENV.centralRoleArn,
  PROCESSOR_ENV.stagingBucket,
  PROCESSOR_ENV.metricsNamespace,
] as const;

export interface ProcessorConfig {
  /** DynamoDB table of tenant deliveries (PK tenantId, SK deliveryId). */
  readonly tenantTable: string;
  /** Shards of the tenant configuration in that table (processor/tenant-config/shards): a power of two. */
  readonly tenantShards: number;
  /** DynamoDB table of per-object, per-destination progress (PK objectId, SK deliveryId). */
  readonly checkpointTable: string;
  /** Role in the central account the processor assumes before each tenant's role. */
  readonly centralRoleArn: string;
  /** The only bucket objects are accepted from; also replay's default. */
  readonly stagingBucket: string;
  /** CloudWatch namespace of the EMF metrics. */
  readonly metricsNamespace: string;
  /**
   * Cluster id → tenant ids it may carry: an extra, earlier check, set only while it fits the Lambda
   * environment. Each tenant item's allowedClusters (in the tenant shards) is checked at every size.
   */
  readonly clusterTenants: Readonly<Record<string, readonly string[]>> | undefined;
  /** How long a tenant shard stays cached in memory. Default 60 s. */
  readonly tenantCacheTtlSeconds: number;
  /** Streams delivered concurrently (objects of one stream stay sequential). Default 4. */
  readonly objectConcurrency: number;
  /** Checkpoint items expire (DynamoDB TTL) this long after their last update. Default 15 days (> SQS's 14-day maximum retention). */
  readonly checkpointTtlDays: number;
  /** Work stops this long before the invocation deadline, progress saved. Default 15 s. */
  readonly stopMarginSeconds: number;
  /** Longest line parsed as a record; longer lines are cut at the event cap and counted. Default 4 MiB. */
  readonly maxLineBytes: number;
  /**
   * A partly delivered object's checkpoint is written after every this many accepted
   * PutLogEvents requests: the most a worker that dies re-sends. Default 1.
   */
  readonly checkpointEveryRequests: number;
  /** SQS queue the `process --mode sqs` worker polls. Default: unset (the CLI flag may give it). */
  readonly queueUrl: string | undefined;
  /** Per-object limits (see processor/limits). Defaults: the inventory's floors (64 MiB, 250,000 events, 250:1). */
  readonly limits: ObjectLimits;
}

/** Every problem of the environment at once (each one line: "environment variable X is required", …). */
export class ProcessorConfigError extends Error {
  override readonly name = "ProcessorConfigError";
  constructor(readonly problems: readonly string[]) {
    super(problems.length === 1 ? problems[0] : `${problems.length} problems:\n  ${problems.join("\n  ")}`);
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** Reads variables, keeping every problem instead of stopping at the first. */
class EnvReader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  required(name: string): string {
    const value = this.env[name];
    if (value === undefined || value.trim() === "") {
      this.problems.push(`environment variable ${name} is required`);
      return "";
    }
    return value.trim();
  }

  positiveNumber(name: string, fallback: number, integer = true): number {
    const raw = this.env[name];
    if (raw === undefined || raw.trim() === "") return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
      this.problems.push(
        `environment variable ${name} must be a positive ${integer ? "integer" : "number"}, got ${JSON.stringify(raw)}`,
      );
      return fallback;
    }
    return value;
  }

  /** A required shard count: a power of two the layout can have. */
  shardCount(name: string): number {
    const raw = this.required(name);
    if (raw === "") return 1;
    const value = Number(raw);
    if (!isTenantShardCount(value)) {
      this.problems.push(
        `environment variable ${name} must be a power of two from 1 to ${MAX_TENANT_SHARDS}, got ${JSON.stringify(raw)}`,
      );
      return 1;
    }
    return value;
  }

  clusterTenantMap(): Record<string, readonly string[]> | undefined {
    const name = PROCESSOR_ENV.clusterTenants;
    const raw = this.env[name];
    if (raw === undefined || raw.trim() === "") return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch (error) {
      this.problems.push(
        `environment variable ${name} must be a JSON object, got invalid JSON: ${(error as Error).message}`,
      );
      return undefined;
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      this.problems.push(`environment variable ${name} must be a JSON object of cluster id → tenant ids`);
      return undefined;
    }
    const map: Record<string, readonly string[]> = {};
    for (const [cluster, tenants] of Object.entries(parsed)) {
      if (!Array.isArray(tenants) || !tenants.every((t): t is string => typeof t === "string")) {
        this.problems.push(`environment variable ${name}: /${cluster} must be an array of tenant ids`);
      } else {
        map[cluster] = [...tenants];
      }
    }
    return map;
  }
}

/** Reads the processor configuration once; throws one ProcessorConfigError naming every missing or invalid variable. */
export function readProcessorConfig(env: Env = process.env): ProcessorConfig {
  const read = new EnvReader(env);
  const config: ProcessorConfig = {
    tenantTable: read.required(PROCESSOR_ENV.tenantTable),
    tenantShards: read.shardCount(PROCESSOR_ENV.tenantShards),
    checkpointTable: read.required(PROCESSOR_ENV.checkpointTable),
    centralRoleArn: read.required(PROCESSOR_ENV.centralRoleArn),
    stagingBucket: read.required(PROCESSOR_ENV.stagingBucket),
    metricsNamespace: read.required(PROCESSOR_ENV.metricsNamespace),
    clusterTenants: read.clusterTenantMap(),
    tenantCacheTtlSeconds: read.positiveNumber(PROCESSOR_ENV.tenantCacheTtlSeconds, 60),
    objectConcurrency: read.positiveNumber(PROCESSOR_ENV.objectConcurrency, 4),
    checkpointTtlDays: read.positiveNumber(PROCESSOR_ENV.checkpointTtlDays, 15),
    stopMarginSeconds: read.positiveNumber(PROCESSOR_ENV.stopMarginSeconds, 15, false),
    maxLineBytes: read.positiveNumber(PROCESSOR_ENV.maxLineBytes, 4 * 1024 * 1024),
    checkpointEveryRequests: read.positiveNumber(PROCESSOR_ENV.checkpointEveryRequests, 1),
    queueUrl: env[PROCESSOR_ENV.queueUrl]?.trim() || undefined,
    limits: {
      maxUncompressedBytes: read.positiveNumber(
        PROCESSOR_ENV.maxObjectBytes,
        DEFAULTS.processor.limits.maxUncompressedBytes,
      ),
      maxEvents: read.positiveNumber(PROCESSOR_ENV.maxObjectEvents, DEFAULTS.processor.limits.maxEvents),
      maxCompressionRatio: read.positiveNumber(
        PROCESSOR_ENV.maxCompressionRatio,
        DEFAULTS.processor.limits.maxCompressionRatio,
      ),
    },
  };
  if (read.problems.length > 0) throw new ProcessorConfigError(read.problems);
  return config;
}
