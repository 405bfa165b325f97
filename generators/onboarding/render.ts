/** The per-tenant onboarding page (Markdown), rendered from a Handlebars template. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Handlebars from "handlebars";
import { centralNames, customerRoleName, roleArn, stackNames } from "../../inventory/names";
import type { ResolvedCluster, ResolvedDelivery, ResolvedInventory, ResolvedTenant } from "../../inventory/resolved";
import { destinationBucketStatement } from "../../stacks/customer/customer-policies";
import { GENERATED_NOTICE } from "../constants";

const TEMPLATE_FILE = join(__dirname, "templates", "onboarding.md.hbs");

let template: HandlebarsTemplateDelegate | undefined;

function deliveryView(inv: ResolvedInventory, tenant: ResolvedTenant, delivery: ResolvedDelivery): object {
  if (delivery.type === "cloudwatch") return { ...delivery, isCloudWatch: true };
  // The same statement the customer stack outputs: one definition of what the delivery role needs.
  const statement = destinationBucketStatement(
    delivery,
    roleArn(tenant.accountId, customerRoleName(inv.prefix, tenant.id)),
  );
  return { ...delivery, isCloudWatch: false, bucketPolicyStatement: JSON.stringify(statement, null, 2) };
}

function describeRule(cluster: ResolvedCluster): string {
  const source = cluster.tenantSource;
  switch (source.from) {
    case "namespace":
      return "pods in the namespace named after the tenant id";
    case "namespaceLabel":
      return `pods in namespaces labelled \`${source.key}=<tenant id>\``;
    case "podLabel":
      return source.namespaceKey === undefined
        ? `pods labelled \`${source.key}=<tenant id>\``
        : `pods labelled \`${source.key}=<tenant id>\` in namespaces labelled \`${source.namespaceKey}=<the same tenant id>\``;
  }
}

/** Markdown for `_onboarding/<tenant-id>.md`. */
export function renderOnboardingDocument(inv: ResolvedInventory, tenant: ResolvedTenant): string {
  template ??= Handlebars.create().compile(readFileSync(TEMPLATE_FILE, "utf8"), { noEscape: true, strict: false });
  const stackName = stackNames.customer(tenant.id);
  const clusters = inv.clusters.filter((cluster) => tenant.clusterIds.includes(cluster.id));
  return template({
    notice: GENERATED_NOTICE,
    project: inv.project,
    environment: inv.environment,
    centralAccountId: inv.central.accountId,
    tenant,
    selfApplied: tenant.deployRoleArn === undefined,
    stackName,
    stackDir: `cdktf.out/stacks/${stackName}`,
    deliveryRoleArn: roleArn(tenant.accountId, customerRoleName(inv.prefix, tenant.id)),
    centralRoleArn: roleArn(inv.central.accountId, centralNames.centralRole(inv.prefix)),
    deliveries: tenant.deliveries.map((delivery) => deliveryView(inv, tenant, delivery)),
    desiredLogs: tenant.desiredLogs,
    clusters: [...tenant.clusterIds].sort(),
    clusterRules: clusters.map((cluster) => ({ id: cluster.id, rule: describeRule(cluster) })),
  });
}
