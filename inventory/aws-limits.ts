/**
 * Every AWS size or count limit a loghop installation can reach, with its source. One table:
 * `loghop validate` measures the documents loghop would build against it (stacks/limits), and
 * the synth-time checks read the same values, so a limit is written down once.
 *
 * Pure data, no cdktf: `loghop validate` is bundled and must start in a fraction of a second.
 */

/** How a document is measured against a limit. */
export type LimitUnit =
  /** Characters, whitespace excluded (how IAM counts policy size). */
  | "characters"
  /** UTF-8 bytes of the document as sent. */
  | "bytes"
  /** A number of things (policies, statements, principals, combinations). */
  | "count";

export interface AwsLimit {
  /** What is limited, as the error message names it. */
  readonly name: string;
  readonly max: number;
  readonly unit: LimitUnit;
  /** The AWS documentation page that states the limit. */
  readonly source: string;
  /** Whether AWS raises it on request (the check still uses the default: loghop cannot see the account's quota). */
  readonly adjustable: boolean;
  /** Who sets the limit: AWS (the default), or loghop itself for a limit of its own design. */
  readonly setBy?: "aws" | "loghop";
}

const IAM_QUOTAS = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html";
const SQS_POLICY_QUOTAS =
  "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-policies.html";
const SNS_POLICY_QUOTAS =
  "https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-language-api-permissions-reference.html";
const S3_ACCESS_POINT_LIMITS =
  "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-points-restrictions-limitations.html";
const SNS_FILTER_CONSTRAINTS = "https://docs.aws.amazon.com/sns/latest/dg/subscription-filter-policy-constraints.html";

export const AWS_LIMITS = {
  iamManagedPolicySize: {
    name: "IAM managed policy size",
    max: 6_144,
    unit: "characters",
    source: IAM_QUOTAS,
    adjustable: false,
  },
  iamInlinePoliciesPerRole: {
    name: "IAM inline policies of one role (all together)",
    max: 10_240,
    unit: "characters",
    source: IAM_QUOTAS,
    adjustable: false,
  },
  iamManagedPoliciesPerRole: {
    name: "IAM managed policies attached to one role",
    max: 10,
    unit: "count",
    source: IAM_QUOTAS,
    adjustable: true,
  },
  iamRoleTrustPolicySize: {
    name: "IAM role trust policy size",
    max: 2_048,
    unit: "characters",
    source: IAM_QUOTAS,
    adjustable: true,
  },
  s3BucketPolicySize: {
    name: "S3 bucket policy size (20 KB)",
    max: 20 * 1024,
    unit: "bytes",
    source: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-iam-policies.html",
    adjustable: false,
  },
  s3AccessPointPolicySize: {
    name: "S3 access point policy size (20 KB)",
    max: 20 * 1024,
    unit: "bytes",
    source: S3_ACCESS_POINT_LIMITS,
    adjustable: false,
  },
  s3AccessPointsPerRegion: {
    name: "S3 access points per account per Region",
    max: 10_000,
    unit: "count",
    source: S3_ACCESS_POINT_LIMITS,
    adjustable: true,
  },
  kmsKeyPolicySize: {
    name: "KMS key policy size (32 KB)",
    max: 32_768,
    unit: "bytes",
    source: "https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html",
    adjustable: false,
  },
  snsTopicPolicySize: {
    name: "SNS topic policy size (30 KB)",
    max: 30 * 1024,
    unit: "bytes",
    source: SNS_POLICY_QUOTAS,
    adjustable: false,
  },
  snsTopicPolicyStatements: {
    name: "SNS topic policy statements",
    max: 100,
    unit: "count",
    source: SNS_POLICY_QUOTAS,
    adjustable: false,
  },
  snsFilterPolicySize: {
    name: "SNS subscription filter policy size (256 KB)",
    max: 256 * 1024,
    unit: "bytes",
    source: SNS_FILTER_CONSTRAINTS,
    adjustable: false,
  },
  snsFilterPolicyCombinations: {
    name: "SNS subscription filter policy value combinations",
    max: 150,
    unit: "count",
    source: SNS_FILTER_CONSTRAINTS,
    adjustable: false,
  },
  sqsQueuePolicySize: {
    name: "SQS queue policy size",
    max: 8_192,
    unit: "bytes",
    source: SQS_POLICY_QUOTAS,
    adjustable: false,
  },
  sqsQueuePolicyStatements: {
    name: "SQS queue policy statements",
    max: 20,
    unit: "count",
    source: SQS_POLICY_QUOTAS,
    adjustable: false,
  },
  sqsQueuePolicyPrincipals: {
    name: "SQS queue policy principals",
    max: 50,
    unit: "count",
    source: SQS_POLICY_QUOTAS,
    adjustable: false,
  },
  lambdaEnvironmentSize: {
    name: "Lambda environment variables (4 KB, names and values together)",
    max: 4_096,
    unit: "bytes",
    source: "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html",
    adjustable: false,
  },
  dynamodbItemSize: {
    name: "DynamoDB item size (400 KB)",
    max: 400 * 1024,
    unit: "bytes",
    source: "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Constraints.html",
    adjustable: false,
  },
  /**
   * Not an AWS quota: loghop's own bound. Terraform refreshes every resource of a stack on each plan
   * and apply (one or more API calls each) and keeps them all in one state file, so plan/apply time
   * and state size grow with the stack; 1,000 keeps a stack's plan in minutes. Per-cluster resources
   * are spread over lane stacks (stacks/lanes) to stay under it.
   */
  stackResources: {
    name: "loghop: resources per stack",
    max: 1_000,
    unit: "count",
    source:
      "loghop's own limit, not an AWS quota: Terraform plan/apply time and state size grow with a stack's resources",
    adjustable: false,
    setBy: "loghop",
  },
} as const satisfies Record<string, AwsLimit>;

export type AwsLimitId = keyof typeof AWS_LIMITS;

/** Size of `text` in the unit `limit` counts: IAM ignores whitespace, the resource policies count bytes. */
export function measureDocument(limit: AwsLimit, text: string): number {
  return limit.unit === "characters" ? text.replace(/\s/g, "").length : Buffer.byteLength(text, "utf8");
}

/** Bytes of a Lambda environment as Lambda counts them: every name and value together. */
export function environmentBytes(environment: Readonly<Record<string, string>>): number {
  return Object.entries(environment).reduce((sum, [key, value]) => sum + Buffer.byteLength(key + value, "utf8"), 0);
}
