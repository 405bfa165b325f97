/** The processor Lambda's environment in one region, by the names the processor reads (PROCESSOR_ENV). */
import { centralNames, processorMetricsNamespace, roleArn } from "../../inventory/names";
import type { ResolvedInventory } from "../../inventory/resolved";
import { compareText } from "../sort";
import { PROCESSOR_ENV } from "../../processor/config/environment";
import { buildClusterTenantMap } from "./cluster-tenants";
import { buildTenantShards } from "./tenant-shards";

/**
 * Lambda caps a function's whole environment at 4 KB. The cluster → tenants
 * map is only an extra, earlier check: every tenant item in the tenant shards
 * lists its allowed clusters and the processor checks them at every size, so
 * above this size the map is left out rather than failing the deploy.
 */
export const CLUSTER_TENANTS_ENV_MAX_BYTES = 2048;

export function buildProcessorEnvironment(inv: ResolvedInventory, region: string): Record<string, string> {
  const env: Record<string, string> = {
    [PROCESSOR_ENV.tenantTable]: centralNames.tenantTable(inv.prefix),
    [PROCESSOR_ENV.tenantShards]: String(buildTenantShards(inv).count),
    [PROCESSOR_ENV.checkpointTable]: centralNames.checkpointTable(inv.prefix),
    [PROCESSOR_ENV.centralRoleArn]: roleArn(inv.central.accountId, centralNames.centralRole(inv.prefix)),
    [PROCESSOR_ENV.stagingBucket]: centralNames.stagingBucket(inv.prefix, inv.central.accountId, region),
    [PROCESSOR_ENV.metricsNamespace]: processorMetricsNamespace(inv.prefix),
    [PROCESSOR_ENV.maxObjectBytes]: String(inv.central.processor.limits.maxUncompressedBytes),
    [PROCESSOR_ENV.maxObjectEvents]: String(inv.central.processor.limits.maxEvents),
    [PROCESSOR_ENV.maxCompressionRatio]: String(inv.central.processor.limits.maxCompressionRatio),
  };
  if (inv.central.processor.logLevel !== undefined) env[PROCESSOR_ENV.logLevel] = inv.central.processor.logLevel;
  // Only the clusters that ship to this region's staging bucket can appear in its keys.
  const clusterTenants = JSON.stringify(buildClusterTenantMap(inv, region));
  if (Buffer.byteLength(clusterTenants, "utf8") <= CLUSTER_TENANTS_ENV_MAX_BYTES) {
    env[PROCESSOR_ENV.clusterTenants] = clusterTenants;
  }
  return Object.fromEntries(Object.entries(env).sort(([a], [b]) => compareText(a, b)));
}
