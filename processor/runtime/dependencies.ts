import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { baseClientConfig, endpointOverride, processorRegion, s3ClientConfig } from "../aws/client-config";
import { CheckpointStore } from "../checkpoints/checkpoint-store";
import { eventOrderVersion } from "../checkpoints/event-order";
import type { ProcessorConfig } from "../config/environment";
import { TenantClientPool } from "../credentials/client-pool";
import { RoleChain } from "../credentials/role-chain";
import type { ProcessorDeps } from "../delivery/types";
import { jsonLogger, type StructuredLogger } from "../observability/logger";
import { EmfMetrics, type MetricsRecorder } from "../observability/metrics";
import { TenantDirectory } from "../tenant-config/tenant-table";

export interface DependencyOptions {
  readonly region?: string;
  readonly endpoint?: string;
  readonly logger?: StructuredLogger;
  readonly metrics?: MetricsRecorder;
  readonly now?: () => number;
}

/**
 * Builds the processor's clients and caches once per process (a Lambda
 * container reuses them across invocations: credentials, tenant items and
 * connections survive warm starts).
 */
export function createProcessorDeps(config: ProcessorConfig, options: DependencyOptions = {}): ProcessorDeps {
  const region = options.region ?? processorRegion();
  const endpoint = options.endpoint ?? endpointOverride();
  const now = options.now ?? Date.now;
  const dynamodb = new DynamoDBClient(baseClientConfig(region, endpoint));
  const roles = new RoleChain({
    centralRoleArn: config.centralRoleArn,
    region,
    ...(endpoint !== undefined ? { stsConfig: { endpoint } } : {}),
    now,
  });
  return {
    config,
    stagingS3: new S3Client(s3ClientConfig(region, endpoint)),
    tenants: new TenantDirectory(dynamodb, {
      tableName: config.tenantTable,
      ttlMs: config.tenantCacheTtlSeconds * 1000,
      now,
    }),
    checkpoints: new CheckpointStore(dynamodb, {
      tableName: config.checkpointTable,
      ttlSeconds: config.checkpointTtlDays * 86_400,
      eventOrder: eventOrderVersion(config.maxLineBytes),
      now,
    }),
    clients: new TenantClientPool(roles, endpoint),
    logger: options.logger ?? jsonLogger(),
    metrics: options.metrics ?? new EmfMetrics(config.metricsNamespace),
    now,
  };
}
