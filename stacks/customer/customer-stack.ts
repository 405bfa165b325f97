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
import { TerraformOutput } from "cdktf";
import { LoghopStack } from "../common/loghop-stack";
import type { Construct } from "constructs";
import { stackNames } from "../../inventory/names";
import { StackError } from "../errors";
import type { ResolvedInventory, ResolvedTenant } from "../../inventory/resolved";
import { configureBackend } from "../common/backend";
import { checkInlinePolicySize } from "../common/iam-limits";
import { policyJson } from "../common/policy-documents";
import { awsProvider, deploySessionName, stackDeployRoleArn } from "../common/providers";
import { defaultTags } from "../common/tags";
import { deliveryRoleDefinition } from "./delivery-role";

export interface CustomerStackProps {
  readonly inventory: ResolvedInventory;
  readonly tenant: ResolvedTenant;
}

/** Terraform provider alias of a region: letters, digits, `_`. */
function regionAlias(region: string): string {
  return `region_${region.replace(/-/g, "_")}`;
}

export class CustomerStack extends LoghopStack {
  constructor(scope: Construct, props: CustomerStackProps) {
    const { inventory, tenant } = props;
    const name = stackNames.customer(tenant.id);
    super(scope, name);
    if (!tenant.customerStack) {
      throw new StackError(name, `tenant ${tenant.id} brings its own deliveryRoleArn: loghop creates no stack for it`);
    }
    configureBackend(this, inventory, name, { selfApplied: tenant.deployRoleArn === undefined });

    const definition = deliveryRoleDefinition(inventory, tenant);
    // Log groups are regional: one provider per destination region. The default provider
    // (which also creates the global IAM role) uses the home region.
    const { homeRegion } = definition;
    const providerProps = {
      deployRoleArn: stackDeployRoleArn(inventory, tenant.deployRoleArn),
      allowedAccountIds: [tenant.accountId],
      sessionName: deploySessionName(name),
      tags: defaultTags(inventory, { Tenant: tenant.id }),
    };
    awsProvider(this, "aws", { ...providerProps, region: homeRegion });
    // undefined = the default provider.
    const providers = new Map<string, AwsProvider | undefined>();
    for (const region of definition.regions.filter((r) => r !== homeRegion)) {
      providers.set(
        region,
        awsProvider(this, `aws-${region}`, { ...providerProps, region, alias: regionAlias(region) }),
      );
    }

    const role = new IamRole(this, "delivery-role", {
      name: definition.name,
      description: definition.description,
      assumeRolePolicy: policyJson(definition.trustPolicy),
      maxSessionDuration: definition.maxSessionSeconds,
    });
    const permissions = policyJson(definition.policy);
    checkInlinePolicySize(name, definition.name, permissions);
    new IamRolePolicy(this, "delivery-role-policy", {
      name: definition.policyName,
      role: role.name,
      policy: permissions,
    });

    for (const group of definition.logGroups) {
      new CloudwatchLogGroup(this, `log-group-${group.deliveryNumber}`, {
        provider: providers.get(group.region),
        name: group.name,
        retentionInDays: group.retentionDays,
        kmsKeyId: group.kmsKeyArn,
      });
    }
    for (const { deliveryNumber, delivery, statement } of definition.bucketStatements) {
      new TerraformOutput(this, `bucket_policy_statement_${deliveryNumber}`, {
        description: `Add to the bucket policy of ${delivery.bucket} (and allow the role in its KMS key policy if SSE-KMS)`,
        value: JSON.stringify(statement),
      });
    }
    new TerraformOutput(this, "delivery_role_arn", {
      description: "Send this ARN back to the loghop operator",
      value: role.arn,
    });
  }
}
