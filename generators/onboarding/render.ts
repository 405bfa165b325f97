/** The per-tenant onboarding page (Markdown), rendered from a Handlebars template. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Handlebars from "handlebars";
import { bucketObjectsArn, centralNames, customerRoleName, roleArn, stackNames } from "../../inventory/names";
import type { ResolvedCluster, ResolvedDelivery, ResolvedInventory, ResolvedTenant } from "../../inventory/resolved";
import { GENERATED_NOTICE } from "../constants";

const TEMPLATE_FILE = join(__dirname, "templates", "onboarding.md.hbs");

let template: HandlebarsTemplateDelegate | undefined;

/** The statement a tenant adds to its bucket policy for one S3 delivery. */
export function bucketPolicyStatement(inv: ResolvedInventory, tenant: ResolvedTenant, bucket: string, prefix: string) {
  return {
    Sid: "LoghopDelivery",
    Effect: "Allow",
    Principal: { AWS: roleArn(tenant.accountId, customerRoleName(inv.prefix, tenant.id)) },
    Action: ["s3:PutObject"],
    Resource: bucketObjectsArn(bucket, prefix),
  };
}

function deliveryView(inv: ResolvedInventory, tenant: ResolvedTenant, delivery: ResolvedDelivery): object {
  if (delivery.type === "cloudwatch") return { ...delivery, isCloudWatch: true };
  const statement = bucketPolicyStatement(inv, tenant, delivery.bucket, delivery.prefix);
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
      return `pods labelled \`${source.key}=<tenant id>\``;
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
