import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import {
  baseClientConfig,
  processorRegion,
  retrySettings,
  s3ClientConfig,
  serviceEndpoints,
} from "../aws/client-config";
import { CheckpointStore } from "../checkpoints/checkpoint-store";
import { eventOrderVersion } from "../checkpoints/event-order";
import type { ProcessorConfig } from "../config/environment";
import { TenantClientPool } from "../credentials/client-pool";
import { RoleChain } from "../credentials/role-chain";
import type { ProcessorDeps } from "../delivery/types";
import { PowertoolsLogger, type StructuredLogger } from "../observability/logger";
import { EmfMetrics, type MetricsRecorder } from "../observability/metrics";
import { TenantDirectory } from "../tenant-config/tenant-table";

export interface DependencyOptions {
  readonly region?: string;
  /** One endpoint for every service (tests); default: each service's AWS_ENDPOINT_URL_<SERVICE>, else AWS_ENDPOINT_URL. */
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
  const endpoints = serviceEndpoints(process.env, options.endpoint);
  const retry = retrySettings();
  const now = options.now ?? Date.now;
  const dynamodb = new DynamoDBClient(baseClientConfig(region, endpoints.dynamodb, retry));
  const roles = new RoleChain({
    centralRoleArn: config.centralRoleArn,
    region,
    stsConfig: { ...retry, ...(endpoints.sts !== undefined ? { endpoint: endpoints.sts } : {}) },
    now,
  });
  return {
    config,
    stagingS3: new S3Client(s3ClientConfig(region, endpoints.s3, retry)),
    tenants: new TenantDirectory(dynamodb, {
      tableName: config.tenantTable,
      shardCount: config.tenantShards,
      ttlMs: config.tenantCacheTtlSeconds * 1000,
      now,
    }),
    checkpoints: new CheckpointStore(dynamodb, {
      tableName: config.checkpointTable,
      ttlSeconds: config.checkpointTtlDays * 86_400,
      eventOrder: eventOrderVersion(config.maxLineBytes),
      now,
    }),
    clients: new TenantClientPool(roles, endpoints),
    logger: options.logger ?? new PowertoolsLogger(),
    metrics: options.metrics ?? new EmfMetrics(config.metricsNamespace),
    now,
  };
}
