/**
 * `customer-<tenant-id>`: the tenant's delivery role and destinations, in the
 * tenant's account. Deployed by us through the tenant's deploy role, or — when
 * the inventory has none — synthesized for the customer to apply with their own
 * credentials (see the generated onboarding document).
 */
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { centralNames, customerRoleName, roleArn, stackNames } from "../../inventory/names";
import type { ResolvedInventory, ResolvedTenant } from "../../inventory/resolved";
import { configureBackend } from "../common/backend";
import { checkInlinePolicySize } from "../common/iam-limits";
import { policyJson, roleTrustPolicy } from "../common/policy-documents";
import { awsProvider, deploySessionName, stackDeployRoleArn } from "../common/providers";
import { defaultTags } from "../common/tags";
import { deliveryRolePolicy, destinationBucketStatement } from "./customer-policies";

export interface CustomerStackProps {
  readonly inventory: ResolvedInventory;
  readonly tenant: ResolvedTenant;
}

/** Terraform provider alias of a region: letters, digits, `_`. */
function regionAlias(region: string): string {
  return `region_${region.replace(/-/g, "_")}`;
}

export class CustomerStack extends TerraformStack {
  constructor(scope: Construct, props: CustomerStackProps) {
    const { inventory, tenant } = props;
    const name = stackNames.customer(tenant.id);
    super(scope, name);
    configureBackend(this, inventory, name, { selfApplied: tenant.deployRoleArn === undefined });

    // Log groups are regional: one provider per destination region. The default provider
    // (which also creates the global IAM role) uses the first one.
    const regions = [...new Set(tenant.deliveries.map((delivery) => delivery.region))];
    const homeRegion = regions[0] ?? (inventory.central.regions[0] as string);
    const providerProps = {
      deployRoleArn: stackDeployRoleArn(inventory, tenant.deployRoleArn),
      allowedAccountIds: [tenant.accountId],
      sessionName: deploySessionName(name),
      tags: defaultTags(inventory, { Tenant: tenant.id }),
    };
    awsProvider(this, "aws", { ...providerProps, region: homeRegion });
    // undefined = the default provider.
    const providers = new Map<string, AwsProvider | undefined>();
    for (const region of regions.filter((r) => r !== homeRegion)) {
      providers.set(
        region,
        awsProvider(this, `aws-${region}`, { ...providerProps, region, alias: regionAlias(region) }),
      );
    }

    const centralRoleArn = roleArn(inventory.central.accountId, centralNames.centralRole(inventory.prefix));
    const deliveryRoleArn = roleArn(tenant.accountId, customerRoleName(inventory.prefix, tenant.id));
    const role = new IamRole(this, "delivery-role", {
      name: customerRoleName(inventory.prefix, tenant.id),
      description: `loghop: assumed by the ${inventory.prefix} central role to deliver ${tenant.id}'s logs`,
      // The central role, and only with this tenant's own ExternalId: a request made for another
      // tenant carries another ExternalId and cannot land here (confused deputy).
      assumeRolePolicy: policyJson(
        roleTrustPolicy([centralRoleArn], [tenant.externalId, ...tenant.acceptedExternalIds]),
      ),
      maxSessionDuration: 3600,
    });
    const permissions = policyJson(deliveryRolePolicy(tenant));
    checkInlinePolicySize(name, customerRoleName(inventory.prefix, tenant.id), permissions);
    new IamRolePolicy(this, "delivery-role-policy", { name: "deliveries", role: role.name, policy: permissions });

    tenant.deliveries.forEach((delivery, index) => {
      if (delivery.type === "cloudwatch" && delivery.logGroupName !== undefined) {
        new CloudwatchLogGroup(this, `log-group-${index + 1}`, {
          provider: providers.get(delivery.region),
          name: delivery.logGroupName,
          retentionInDays: delivery.retentionDays,
          kmsKeyId: delivery.kmsKeyArn,
        });
      }
      if (delivery.type === "s3") {
        new TerraformOutput(this, `bucket_policy_statement_${index + 1}`, {
          description: `Add to the bucket policy of ${delivery.bucket} (and allow the role in its KMS key policy if SSE-KMS)`,
          value: JSON.stringify(destinationBucketStatement(delivery, deliveryRoleArn)),
        });
      }
    });
    new TerraformOutput(this, "delivery_role_arn", {
      description: "Send this ARN back to the loghop operator",
      value: role.arn,
    });
  }
}
