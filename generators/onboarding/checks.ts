/**
 * What the onboarding page asks a customer to run once their role exists: one IAM policy
 * simulation per delivery (the request loghop will make, against the role's own policies) and,
 * for log groups created up front, a look at the group. Built as data so tests can run the very
 * same requests through an IAM evaluator.
 */
import { bucketObjectArn, logStreamArn } from "../../inventory/names";
import type { ResolvedDelivery, ResolvedTenant } from "../../inventory/resolved";

/** Name used for the probe group, stream and object: never created, only simulated. */
const PROBE = "loghop-onboarding-check";

export interface DeliveryCheck {
  readonly deliveryNumber: number;
  readonly region: string;
  /** Actions loghop performs for this delivery, each of which the simulation must answer `allowed`. */
  readonly actions: readonly string[];
  readonly resourceArn: string;
  /** Condition keys loghop's requests carry. */
  readonly context: Readonly<Record<string, string>>;
  /** `aws iam simulate-principal-policy …` for the above. */
  readonly simulateCommand: string;
  /** `aws logs describe-log-groups …` for a log group created with the role; undefined otherwise. */
  readonly describeCommand: string | undefined;
}

function simulateCommand(
  roleArn: string,
  actions: readonly string[],
  resourceArn: string,
  context: Readonly<Record<string, string>>,
): string {
  const lines = [
    "aws iam simulate-principal-policy",
    `--policy-source-arn ${roleArn}`,
    `--action-names ${actions.join(" ")}`,
    `--resource-arns ${resourceArn}`,
    ...Object.entries(context).map(
      ([key, value]) => `--context-entries ContextKeyName=${key},ContextKeyValues=${value},ContextKeyType=string`,
    ),
    "--query 'EvaluationResults[].[EvalActionName,EvalDecision]' --output text",
  ];
  return lines.join(" \\\n  ");
}

function deliveryRequest(
  tenant: ResolvedTenant,
  delivery: ResolvedDelivery,
): Pick<DeliveryCheck, "actions" | "resourceArn" | "context"> {
  if (delivery.type === "s3") {
    return {
      actions: ["s3:PutObject", "s3:PutObjectAcl"],
      resourceArn: bucketObjectArn(delivery.bucket, `${delivery.prefix}${PROBE}.json.gz`),
      context: { "s3:x-amz-acl": "bucket-owner-full-control" },
    };
  }
  if (delivery.logGroupName !== undefined) {
    return {
      actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
      resourceArn: logStreamArn(delivery.region, tenant.accountId, delivery.logGroupName, PROBE),
      context: {},
    };
  }
  // Prefix mode: the role creates `<prefix>/<application>` groups on first delivery.
  return {
    actions: ["logs:CreateLogGroup", "logs:PutRetentionPolicy", "logs:CreateLogStream", "logs:PutLogEvents"],
    resourceArn: logStreamArn(delivery.region, tenant.accountId, `${delivery.logGroupPrefix}/${PROBE}`, PROBE),
    context: {},
  };
}

export function deliveryChecks(tenant: ResolvedTenant): DeliveryCheck[] {
  return tenant.deliveries.map((delivery, index) => {
    const request = deliveryRequest(tenant, delivery);
    return {
      deliveryNumber: index + 1,
      region: delivery.region,
      ...request,
      simulateCommand: simulateCommand(tenant.deliveryRoleArn, request.actions, request.resourceArn, request.context),
      describeCommand:
        delivery.type === "cloudwatch" && delivery.logGroupName !== undefined
          ? [
              `aws logs describe-log-groups --region ${delivery.region}`,
              `--log-group-name-prefix ${delivery.logGroupName}`,
              "--query 'logGroups[].[logGroupName,retentionInDays,kmsKeyId]' --output text",
            ].join(" \\\n  ")
          : undefined,
    };
  });
}
