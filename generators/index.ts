/**
 * loghop generators: one inventory in, deterministic files out. Named exports
 * only; the cluster stack imports buildClusterManifests, the region stacks the
 * processor-config builders.
 */
import type { ResolvedInventory } from "../inventory/resolved";
import { renderFiles } from "./output/files";
import { writeGeneratedFiles } from "./output/write";
import type { GeneratedFile } from "./types";

export type { GeneratedFile, KubeObject } from "./types";
export { buildClusterManifests } from "./kubernetes/manifests";
export { buildVectorConfig } from "./vector/config";
export { renderClassifyProgram, renderDroppedProgram, renderHeartbeatProgram } from "./vector/remap";
export { buildTenantDeliveryItems } from "./processor-config/tenant-items";
export { buildTenantShards, shardTenantItems, type TenantShardLayout } from "./processor-config/tenant-shards";
export { buildClusterTenantMap } from "./processor-config/cluster-tenants";
export { buildProcessorEnvironment } from "./processor-config/environment";
export { renderOnboardingDocument } from "./onboarding/render";
export { renderFiles } from "./output/files";
export type { RenderScope } from "./output/files";
export { writeGeneratedFiles } from "./output/write";
export type { WriteResult } from "./output/write";
export { checkGeneratedFiles, isUpToDate } from "./output/check";
export type { CheckResult } from "./output/check";

/** Default output directory, relative to the working directory. */
export const DEFAULT_OUT_DIR = "k8s-out";

/** Render every file and write the tree under `outDir` (stale generated files removed). Returns the files. */
export function generateAll(inv: ResolvedInventory, outDir: string = DEFAULT_OUT_DIR): GeneratedFile[] {
  const files = renderFiles(inv);
  writeGeneratedFiles(outDir, files);
  return files;
}
