/** The per-tenant onboarding page (Markdown), rendered from a Handlebars template. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Handlebars from "handlebars";
import { cloudFormationStackName, stackNames, synthesizedStackDirectory } from "../../inventory/names";
import type { ResolvedCluster, ResolvedDelivery, ResolvedInventory, ResolvedTenant } from "../../inventory/resolved";
import { deliveryRoleDefinition } from "../../stacks/customer/delivery-role";
import { GENERATED_NOTICE } from "../constants";
import { deliveryChecks } from "./checks";

const TEMPLATE_FILE = join(__dirname, "templates", "onboarding.md.hbs");

let template: HandlebarsTemplateDelegate | undefined;

const pretty = (value: unknown): string => JSON.stringify(value, null, 2);

function deliveryView(delivery: ResolvedDelivery, bucketStatement: unknown): object {
  if (delivery.type === "cloudwatch") return { ...delivery, isCloudWatch: true };
  return { ...delivery, isCloudWatch: false, bucketPolicyStatement: pretty(bucketStatement) };
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
  // The same definition the customer stack and the CloudFormation template render.
  const role = deliveryRoleDefinition(inv, tenant);
  const statements = new Map(role.bucketStatements.map((entry) => [entry.deliveryNumber, entry.statement]));
  // The template creates the role in its home region and each log group in its own region.
  const cfnRegions = [role.homeRegion, ...role.logGroups.map((group) => group.region)];
  return template({
    notice: GENERATED_NOTICE,
    project: inv.project,
    environment: inv.environment,
    centralAccountId: inv.central.accountId,
    tenant,
    ownsRole: !tenant.customerStack,
    weApply: tenant.customerStack && tenant.deployRoleArn !== undefined,
    stackName,
    stackDir: synthesizedStackDirectory(stackName),
    role,
    trustPolicy: pretty(role.trustPolicy),
    permissionsPolicy: pretty(role.policy),
    cfn: {
      file: `${tenant.id}.cfn.json`,
      stackName: cloudFormationStackName(inv.prefix, tenant.id),
      regions: [...new Set(cfnRegions)],
      otherRegions: new Set(cfnRegions).size > 1,
    },
    deliveries: tenant.deliveries.map((delivery, index) => deliveryView(delivery, statements.get(index + 1))),
    checks: deliveryChecks(tenant),
    desiredLogs: tenant.desiredLogs,
    clusters: [...tenant.clusterIds].sort(),
    clusterRules: clusters.map((cluster) => ({ id: cluster.id, rule: describeRule(cluster) })),
    stagingRetentionDays: inv.central.stagingRetentionDays,
  });
}
