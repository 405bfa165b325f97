/**
 * `_onboarding/<tenant>.cfn.json`: the tenant's delivery role, its policy and log groups as a
 * CloudFormation template, for customers who do not run Terraform. It renders the same
 * `deliveryRoleDefinition` the customer stack does; only the central role ARN and the ExternalId
 * become parameters (defaulting to the inventory's values), so a reviewer sees what they accept.
 */
import type { ResolvedInventory, ResolvedTenant } from "../../inventory/resolved";
import { defaultTags } from "../../stacks/common/tags";
import { deliveryRoleDefinition, type DeliveryRoleDefinition } from "../../stacks/customer/delivery-role";
import { GENERATED_NOTICE } from "../constants";

/** Logical ids and parameter names: the tests and the onboarding page's commands use them. */
export const CFN_PARAMETERS = { centralRoleArn: "CentralRoleArn", externalId: "ExternalId" } as const;
export const CFN_ROLE_ID = "DeliveryRole";
export const CFN_ROLE_ARN_OUTPUT = "DeliveryRoleArn";

/** `{ "Ref": name }`: a parameter or pseudo parameter. */
export interface CfnRef {
  readonly Ref: string;
}

export type CfnValue = string | number | boolean | CfnRef | readonly CfnValue[] | { readonly [key: string]: CfnValue };

export interface CfnResource {
  readonly Type: string;
  readonly Condition?: string;
  readonly DeletionPolicy?: "Retain" | "Delete";
  readonly UpdateReplacePolicy?: "Retain" | "Delete";
  readonly Properties: Readonly<Record<string, CfnValue>>;
}

export interface CfnTemplate {
  readonly AWSTemplateFormatVersion: "2010-09-09";
  readonly Description: string;
  readonly Parameters: Readonly<Record<string, Readonly<Record<string, string | number>>>>;
  readonly Conditions: Readonly<Record<string, CfnValue>>;
  readonly Resources: Readonly<Record<string, CfnResource>>;
  readonly Outputs: Readonly<
    Record<string, { readonly Condition?: string; readonly Description: string; readonly Value: CfnValue }>
  >;
}

/** `eu-west-1` → `InEuWest1`: the condition true in that region only. */
export function regionCondition(region: string): string {
  return `In${region
    .split("-")
    .map((part) => `${part.charAt(0).toUpperCase()}${part.slice(1)}`)
    .join("")}`;
}

/**
 * The built document with every occurrence of a parameter's default replaced by a `Ref` to it.
 * Replacing values (rather than building a second, parameterized copy of the policy) keeps the
 * policy builders the only definition of the rules.
 */
function withParameters(value: unknown, refs: ReadonlyMap<string, string>): CfnValue {
  if (typeof value === "string") {
    const parameter = refs.get(value);
    return parameter === undefined ? value : { Ref: parameter };
  }
  if (Array.isArray(value)) return value.map((item) => withParameters(item, refs));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withParameters(item, refs)]));
  }
  return value as number | boolean;
}

function tagList(inventory: ResolvedInventory, tenant: ResolvedTenant): CfnValue {
  return Object.entries(defaultTags(inventory, { Tenant: tenant.id })).map(([Key, Value]) => ({ Key, Value }));
}

function parameters(definition: DeliveryRoleDefinition, tenant: ResolvedTenant): CfnTemplate["Parameters"] {
  return {
    [CFN_PARAMETERS.centralRoleArn]: {
      Type: "String",
      Default: definition.centralRoleArn,
      AllowedPattern: "^arn:aws:iam::[0-9]{12}:role/.+$",
      Description: "The loghop central distribution role: the only principal the delivery role trusts.",
    },
    [CFN_PARAMETERS.externalId]: {
      Type: "String",
      Default: tenant.externalId,
      // The inventory schema's ExternalId pattern: at least 32 characters.
      AllowedPattern: "^[A-Za-z0-9+=,.@:/-]{32,1224}$",
      Description: "Your ExternalId: every AssumeRole call loghop makes into this account must present it.",
    },
  };
}

export function buildCloudFormationTemplate(inventory: ResolvedInventory, tenant: ResolvedTenant): CfnTemplate {
  const definition = deliveryRoleDefinition(inventory, tenant);
  const refs = new Map<string, string>([
    [definition.centralRoleArn, CFN_PARAMETERS.centralRoleArn],
    [tenant.externalId, CFN_PARAMETERS.externalId],
  ]);
  const home = regionCondition(definition.homeRegion);
  const tags = tagList(inventory, tenant);
  const resources: Record<string, CfnResource> = {
    [CFN_ROLE_ID]: {
      Type: "AWS::IAM::Role",
      // IAM is global: the role is created once, by the stack in the home region.
      Condition: home,
      Properties: {
        RoleName: definition.name,
        Path: definition.path,
        Description: definition.description,
        MaxSessionDuration: definition.maxSessionSeconds,
        AssumeRolePolicyDocument: withParameters(definition.trustPolicy, refs),
        Policies: [{ PolicyName: definition.policyName, PolicyDocument: withParameters(definition.policy, refs) }],
        Tags: tags,
      },
    },
  };
  for (const group of definition.logGroups) {
    resources[`LogGroup${group.deliveryNumber}`] = {
      Type: "AWS::Logs::LogGroup",
      Condition: regionCondition(group.region),
      // Deleting the stack (offboarding) keeps the logs already delivered; the customer deletes them.
      DeletionPolicy: "Retain",
      UpdateReplacePolicy: "Retain",
      Properties: {
        LogGroupName: group.name,
        RetentionInDays: group.retentionDays,
        ...(group.kmsKeyArn === undefined ? {} : { KmsKeyId: group.kmsKeyArn }),
        Tags: tags,
      },
    };
  }
  const outputs: Record<string, CfnTemplate["Outputs"][string]> = {
    [CFN_ROLE_ARN_OUTPUT]: {
      Condition: home,
      Description: "Send this ARN back to the loghop operator",
      Value: { "Fn::GetAtt": [CFN_ROLE_ID, "Arn"] },
    },
  };
  for (const { deliveryNumber, delivery, statement } of definition.bucketStatements) {
    outputs[`BucketPolicyStatement${deliveryNumber}`] = {
      Condition: home,
      Description: `Add to the bucket policy of ${delivery.bucket} (and allow the role in its KMS key policy if SSE-KMS)`,
      Value: JSON.stringify(statement),
    };
  }
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Description: `loghop delivery role for ${tenant.id} (${inventory.project}, ${inventory.environment}). ${GENERATED_NOTICE}`,
    Parameters: parameters(definition, tenant),
    // Every tenant has at least one delivery (schema), so the home region is among these.
    Conditions: Object.fromEntries(
      definition.regions.map((region) => [regionCondition(region), { "Fn::Equals": [{ Ref: "AWS::Region" }, region] }]),
    ),
    Resources: resources,
    Outputs: outputs,
  };
}
