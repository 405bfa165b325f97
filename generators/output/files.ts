/**
 * The whole generated tree as data: every file's relative path and exact
 * contents. Writing and `--check` both start from this list, so what is
 * checked is exactly what would be written.
 */
import { regionParts } from "../../inventory/processor-mode";
import type { ResolvedCluster, ResolvedInventory } from "../../inventory/resolved";
import { buildKustomization } from "../kubernetes/kustomization";
import { buildClusterManifests, manifestFileName } from "../kubernetes/manifests";
import { buildCloudFormationTemplate } from "../onboarding/cloudformation";
import { renderOnboardingDocument } from "../onboarding/render";
import { buildClusterTenantMap } from "../processor-config/cluster-tenants";
import { buildProcessorEnvironment } from "../processor-config/environment";
import { buildTenantDeliveryItems } from "../processor-config/tenant-items";
import { compareText } from "../sort";
import type { GeneratedFile } from "../types";
import { toJson, toYaml } from "./serialize";

export const PROCESSOR_DIR = "_processor";
export const ONBOARDING_DIR = "_onboarding";

/** `k8s-out/<cluster-id>/`: one YAML file per object plus kustomization.yaml. */
export function renderClusterFiles(inv: ResolvedInventory, cluster: ResolvedCluster): GeneratedFile[] {
  const objects = buildClusterManifests(inv, cluster);
  const files = objects.map((object) => ({
    path: `${cluster.id}/${manifestFileName(object)}`,
    contents: toYaml(object),
  }));
  const kustomization = buildKustomization(objects.map(manifestFileName));
  return [...files, { path: `${cluster.id}/kustomization.yaml`, contents: toYaml(kustomization) }];
}

/**
 * `_processor/`: what the region stacks load into DynamoDB and the processor's environment (the
 * Lambda's, or an external worker's in shape `queue`). Shape `none` has neither tables nor processor.
 */
export function renderProcessorFiles(inv: ResolvedInventory): GeneratedFile[] {
  if (!regionParts(inv.central.processor.mode).queues) return [];
  return [
    { path: `${PROCESSOR_DIR}/tenant-items.json`, contents: toJson(buildTenantDeliveryItems(inv)) },
    { path: `${PROCESSOR_DIR}/cluster-tenants.json`, contents: toJson(buildClusterTenantMap(inv)) },
    ...[...inv.central.regions].sort().map((region) => ({
      path: `${PROCESSOR_DIR}/environment-${region}.json`,
      contents: toJson(buildProcessorEnvironment(inv, region)),
    })),
  ];
}

/** `_onboarding/<tenant>.md` (the page) and `<tenant>.cfn.json` (the CloudFormation template it offers). */
export function renderOnboardingFiles(inv: ResolvedInventory): GeneratedFile[] {
  return inv.tenants.flatMap((tenant) => [
    { path: onboardingPagePath(tenant.id), contents: renderOnboardingDocument(inv, tenant) },
    { path: cloudFormationTemplatePath(tenant.id), contents: toJson(buildCloudFormationTemplate(inv, tenant)) },
  ]);
}

export function onboardingPagePath(tenantId: string): string {
  return `${ONBOARDING_DIR}/${tenantId}.md`;
}

export function cloudFormationTemplatePath(tenantId: string): string {
  return `${ONBOARDING_DIR}/${tenantId}.cfn.json`;
}

/** Which part of the tree to render: everything, or one cluster's directory. */
export interface RenderScope {
  /** Only `<clusterId>/`; undefined = every cluster, `_processor/` and `_onboarding/`. */
  readonly clusterId?: string;
}

/** Every file of the scope, sorted by path. */
export function renderFiles(inv: ResolvedInventory, scope: RenderScope = {}): GeneratedFile[] {
  const clusters = inv.clusters.filter((c) => scope.clusterId === undefined || c.id === scope.clusterId);
  const files = [
    ...clusters.flatMap((cluster) => renderClusterFiles(inv, cluster)),
    ...(scope.clusterId === undefined ? [...renderProcessorFiles(inv), ...renderOnboardingFiles(inv)] : []),
  ];
  return files.sort((a, b) => compareText(a.path, b.path));
}
