/**
 * Every name and ARN loghop builds, one function per shape. Stacks,
 * generators, the processor config and tests all call these; nothing else
 * builds a name or an ARN by hand.
 */

import { createHash } from "node:crypto";

const PARTITION = "aws";

export const stackNames = {
  central: (): string => "central",
  region: (region: string): string => `region-${region}`,
  /** One lane group of a region: the queues, mappings, alarms and worker roles of its clusters (stacks/lanes). */
  lanes: (region: string, group: string): string => `lanes-${region}-${group}`,
  customer: (tenantId: string): string => `customer-${tenantId}`,
  cluster: (clusterId: string): string => `cluster-${clusterId}`,
  /** Creates the Terraform Cloud workspaces and their AWS run roles (backend `cloud` only). */
  tfcBootstrap: (): string => "tfc-bootstrap",
} as const;

/** `path` is IAM's: `/` or `/a/b/`. */
export function roleArn(accountId: string, roleName: string, path = "/"): string {
  return `arn:${PARTITION}:iam::${accountId}:role${path}${roleName}`;
}

/**
 * IAM path of the roles that may assume the central role: the processor Lambdas' and the
 * in-cluster workers' (both created by the region stacks, in the central account). The central
 * role trusts this path (`…:role/loghop/<prefix>/processor/*`) instead of listing each role, so
 * its trust policy no longer grows with regions and workers. A path, not a name pattern: a name
 * pattern such as `<prefix>-processor-*` would also match roles of an installation whose prefix
 * extends this one (`<prefix>-processor-x-…`), or a cluster's Vector role in the central account
 * whose id starts with `processor-`; a path is its own namespace that only an explicit
 * `CreateRole --path` enters.
 */
export function processorRolePath(prefix: string): string {
  return `/loghop/${prefix}/processor/`;
}

export function accountRootArn(accountId: string): string {
  return `arn:${PARTITION}:iam::${accountId}:root`;
}

export function bucketArn(bucket: string): string {
  return `arn:${PARTITION}:s3:::${bucket}`;
}

/** ARN of one object. */
export function bucketObjectArn(bucket: string, key: string): string {
  return `arn:${PARTITION}:s3:::${bucket}/${key}`;
}

/** ARN of the objects under `prefix` ("" = the whole bucket). */
export function bucketObjectsArn(bucket: string, prefix: string): string {
  return `arn:${PARTITION}:s3:::${bucket}/${prefix}*`;
}

export function logGroupArn(region: string, accountId: string, logGroupName: string): string {
  return `arn:${PARTITION}:logs:${region}:${accountId}:log-group:${logGroupName}`;
}

export function regionalArn(service: string, region: string, accountId: string, resource: string): string {
  return `arn:${PARTITION}:${service}:${region}:${accountId}:${resource}`;
}

/** IAM OIDC provider ARN for an issuer URL (scheme dropped, as IAM names it). */
export function oidcProviderArn(accountId: string, issuerUrl: string): string {
  return `arn:${PARTITION}:iam::${accountId}:oidc-provider/${oidcIssuerHost(issuerUrl)}`;
}

/** Issuer without scheme and trailing slash: the prefix of IRSA condition keys. */
export function oidcIssuerHost(issuerUrl: string): string {
  return issuerUrl.replace(/^https:\/\//, "").replace(/\/+$/, "");
}

/** Names of resources in the central account, derived from the inventory prefix. */
export const centralNames = {
  centralRole: (prefix: string): string => `${prefix}-central-distribution`,
  processorRole: (prefix: string, region: string): string => `${prefix}-processor-${region}`,
  processorFunction: (prefix: string): string => `${prefix}-processor`,
  stagingBucket: (prefix: string, accountId: string, region: string): string =>
    `${prefix}-staging-${accountId}-${region}`,
  stagedObjectsTopic: (prefix: string): string => `${prefix}-staged-objects`,
  /**
   * One queue per cluster (its lane): a cluster's backlog waits in its own queue only. Under
   * `<prefix>-processor-` like the function; the suffixes differ, so no cluster id makes one
   * cluster's queue another's DLQ, and `<prefix>-<id>` ≤ 57 (rule name-budgets) keeps both ≤ 80.
   */
  clusterQueue: (prefix: string, clusterId: string): string => `${prefix}-processor-${clusterId}-queue`,
  clusterDeadLetterQueue: (prefix: string, clusterId: string): string => `${prefix}-processor-${clusterId}-dlq`,
  alarmTopic: (prefix: string): string => `${prefix}-alarms`,
  tenantTable: (prefix: string): string => `${prefix}-tenants`,
  checkpointTable: (prefix: string): string => `${prefix}-checkpoints`,
  kmsAlias: (prefix: string): string => `alias/${prefix}-pipeline`,
} as const;

/** Role in the tenant's account that the central role assumes. */
export function customerRoleName(prefix: string, tenantId: string): string {
  return `${prefix}-${tenantId}-delivery`;
}

/** ARN of the delivery role loghop names for a tenant (`deliveryRoleArn` absent). */
export function customerRoleArn(prefix: string, accountId: string, tenantId: string): string {
  return roleArn(accountId, customerRoleName(prefix, tenantId));
}

/** The parts of an IAM role ARN `arn:aws:iam::<account>:role<path><name>`; path is `/` or `/a/b/`. */
export interface RoleArnParts {
  readonly accountId: string;
  readonly path: string;
  readonly name: string;
}

/** Splits a role ARN (as the schema's `roleArn` pattern admits) into account, path and name. */
export function parseRoleArn(arn: string): RoleArnParts {
  const match = /^arn:[a-z-]+:iam::([0-9]{12}):role(\/(?:.*\/)?)([^/]+)$/.exec(arn);
  if (match === null) throw new Error(`not an IAM role ARN: ${arn}`);
  return { accountId: match[1] as string, path: match[2] as string, name: match[3] as string };
}

/** CloudFormation stack a customer deploys `_onboarding/<tenant>.cfn.json` as (one per region it has resources in). */
export function cloudFormationStackName(prefix: string, tenantId: string): string {
  return `${prefix}-${tenantId}-delivery`;
}

/**
 * Tag on a cluster's Vector role whose value is the cluster id. Nothing authorizes by it any more
 * (writes are bound by access points); it stays so that an installation whose bucket policy still
 * reads `${aws:PrincipalTag/loghop-cluster}` keeps accepting a cluster's uploads between that
 * cluster's apply and its region's (README, "Upgrading an installation deployed before the access points").
 */
export const VECTOR_ROLE_CLUSTER_TAG = "loghop-cluster";

/** S3 access point names are 3–50 characters (S3's rules for naming access points). */
export const S3_ACCESS_POINT_NAME_MAX = 50;

/**
 * The cluster's own S3 access point on its region's staging bucket, in the central account:
 * `<prefix>--<cluster-id>`, the one door its Vector role may write through. `--` cannot occur in a
 * prefix (schema), so the first `--` ends the prefix: no other installation's prefix, and no other
 * (prefix, cluster id) pair, yields a name in this installation's namespace `<prefix>--*`. Plain
 * names are at most 49 characters; anything longer (or ending in `-s3alias`, which S3 reserves)
 * keeps its first 37 characters (padded with `0` to 37 if shorter) and adds `-` and 12 hex digits
 * of sha256(cluster id) — always exactly 50, so the two forms never meet.
 */
export function accessPointName(prefix: string, clusterId: string): string {
  const plain = `${prefix}--${clusterId}`;
  if (plain.length < S3_ACCESS_POINT_NAME_MAX && !plain.endsWith("-s3alias")) return plain;
  const digest = createHash("sha256").update(clusterId, "utf8").digest("hex").slice(0, 12);
  // Padded to the full 50 (a short `-s3alias` id too): a plain name, at most 49, never equals one.
  const stem = plain
    .slice(0, S3_ACCESS_POINT_NAME_MAX - digest.length - 1)
    .padEnd(S3_ACCESS_POINT_NAME_MAX - digest.length - 1, "0");
  return `${stem}-${digest}`;
}

/** Every access point name of an installation: `<prefix>--*` (ArnLike over accessPointArn). */
export function accessPointNamePattern(prefix: string): string {
  return `${prefix}--*`;
}

/** `arn:aws:s3:<region>:<account>:accesspoint/<name>`: also what Vector's sink takes as its bucket. */
export function accessPointArn(region: string, accountId: string, name: string): string {
  return regionalArn("s3", region, accountId, `accesspoint/${name}`);
}

/** ARN of a cluster's own access point (accessPointName) on its region's staging bucket, in the central account. */
export function clusterAccessPointArn(
  prefix: string,
  centralAccountId: string,
  cluster: { readonly id: string; readonly region: string },
): string {
  return accessPointArn(cluster.region, centralAccountId, accessPointName(prefix, cluster.id));
}

/** The objects under `prefix` as requests through an access point name them (IAM and access point policies). */
export function accessPointObjectsArn(region: string, accountId: string, name: string, prefix: string): string {
  return `${accessPointArn(region, accountId, name)}/object/${prefix}*`;
}

/** IRSA role of a cluster's Vector agent. */
export function vectorRoleName(prefix: string, clusterId: string): string {
  return `${prefix}-${clusterId}-vector`;
}

/** ARN of a cluster's Vector IRSA role, in the cluster's account. */
export function vectorRoleArn(prefix: string, accountId: string, clusterId: string): string {
  return roleArn(accountId, vectorRoleName(prefix, clusterId));
}

/**
 * IRSA role of the processor worker on a cluster. In the central account: the staging bucket,
 * queues and key grant no other account (rule worker-role-accounts), so the role lives where
 * they are and trusts the cluster's OIDC issuer from there.
 */
export function processorWorkerRoleName(prefix: string, clusterId: string): string {
  return `${prefix}-${clusterId}-worker`;
}

export function processorWorkerRoleArn(prefix: string, centralAccountId: string, clusterId: string): string {
  return roleArn(centralAccountId, processorWorkerRoleName(prefix, clusterId), processorRolePath(prefix));
}

/** Every object a cluster stages lives under `<cluster-id>/`: the IRSA role is confined to it. */
export function stagedObjectPrefix(clusterId: string): string {
  return `${clusterId}/`;
}

/** IAM role names are limited to 64 characters. */
export const IAM_ROLE_NAME_MAX = 64;
/** S3 bucket names are limited to 63 characters. */
export const S3_BUCKET_NAME_MAX = 63;

/** Terraform Cloud workspace of a stack: `<workspacePrefix>-<stack>`. */
export function workspaceName(workspacePrefix: string, stackName: string): string {
  return `${workspacePrefix}-${stackName}`;
}

/**
 * Terraform Cloud team whose token CI uses: `<workspacePrefix>-ci-plan` (pull-request plans) or
 * `<workspacePrefix>-ci-deploy` (applies on main). Created by the tfc-bootstrap stack.
 */
export function tfcCiTeamName(workspacePrefix: string, purpose: "plan" | "deploy"): string {
  return `${workspacePrefix}-ci-${purpose}`;
}

/** IAM OIDC provider URL (issuer) of a Terraform Cloud / Enterprise host. */
export function tfcIssuerUrl(hostname: string): string {
  return `https://${hostname}`;
}

/**
 * `sub` claim of the workload identity tokens TFC issues for one phase of one workspace's runs
 * (HCP Terraform's documented format). Every part is exact: a role trusts one phase of one workspace.
 */
export function tfcWorkloadSubject(
  organization: string,
  project: string,
  workspace: string,
  runPhase: TfcRunPhase,
): string {
  return `organization:${organization}:project:${project}:workspace:${workspace}:run_phase:${runPhase}`;
}

/** The two phases of a TFC run; each gets its own role and its own workload identity `sub`. */
export type TfcRunPhase = "plan" | "apply";

/**
 * Role one phase of a stack's TFC runs assume (dynamic credentials) in the account the stack
 * deploys into: `<prefix>-tfc-<stack>-plan` (read-only) or `-apply` (created by the bootstrap
 * only for stacks without a deploy role). Long tenant ids can overflow IAM's 64 characters; such
 * names keep their start and end in a stable 8-hex-digit digest of the full name, so they stay unique.
 */
export function tfcPhaseRoleName(prefix: string, stackName: string, phase: TfcRunPhase): string {
  return fitName(`${prefix}-tfc-${stackName}-${phase}`, IAM_ROLE_NAME_MAX);
}

/** ARN of a customer-managed IAM policy. */
export function iamPolicyArn(accountId: string, policyName: string): string {
  return `arn:${PARTITION}:iam::${accountId}:policy/${policyName}`;
}

/**
 * Permissions boundary of a cluster's Vector role (`<prefix>-<cluster>-vector-boundary`), created by
 * the tfc-bootstrap stack: the most that role may ever hold, whoever edits it.
 */
export function vectorBoundaryPolicyName(prefix: string, clusterId: string): string {
  return `${prefix}-${clusterId}-vector-boundary`;
}

export function vectorBoundaryPolicyArn(prefix: string, accountId: string, clusterId: string): string {
  return iamPolicyArn(accountId, vectorBoundaryPolicyName(prefix, clusterId));
}

/** Environment variable Terraform reads an API token for `hostname` from (`TF_TOKEN_app_terraform_io`). */
export function tfcTokenEnvName(hostname: string): string {
  // Terraform's encoding: "-" becomes "__", then "." becomes "_".
  return `TF_TOKEN_${hostname.replace(/-/g, "__").replace(/\./g, "_")}`;
}

function fitName(name: string, max: number): string {
  if (name.length <= max) return name;
  const digest = createHash("sha256").update(name).digest("hex").slice(0, 8);
  return `${name.slice(0, max - digest.length - 1)}-${digest}`;
}

/** Directory (relative to the project) where `cdktf synth` writes a stack: a TFC workspace's working directory. */
export function synthesizedStackDirectory(stackName: string, outdir = "cdktf.out"): string {
  return `${outdir}/stacks/${stackName}`;
}

/** ARN of an SNS topic, SQS queue, DynamoDB table or Lambda function known by name at synth time. */
export const regionalResourceArns = {
  topic: (region: string, accountId: string, topicName: string): string =>
    regionalArn("sns", region, accountId, topicName),
  queue: (region: string, accountId: string, queueName: string): string =>
    regionalArn("sqs", region, accountId, queueName),
  table: (region: string, accountId: string, tableName: string): string =>
    regionalArn("dynamodb", region, accountId, `table/${tableName}`),
  lambdaFunction: (region: string, accountId: string, functionName: string): string =>
    regionalArn("lambda", region, accountId, `function:${functionName}`),
  /** Every KMS key of an account in a region: narrowed further by conditions where used. */
  anyKmsKey: (region: string, accountId: string): string => regionalArn("kms", region, accountId, "key/*"),
  kmsAlias: (region: string, accountId: string, aliasName: string): string =>
    regionalArn("kms", region, accountId, aliasName),
  /** CloudWatch alarms of an account in a region whose names start with `namePrefix`. */
  alarms: (region: string, accountId: string, namePrefix: string): string =>
    regionalArn("cloudwatch", region, accountId, `alarm:${namePrefix}*`),
} as const;

/** Log group Lambda writes a function's own logs to. */
export function lambdaLogGroupName(functionName: string): string {
  return `/aws/lambda/${functionName}`;
}

/** Managed policy number `index` (1-based) holding a slice of the central role's AssumeRole targets. */
export function centralAssumePolicyName(prefix: string, index: number): string {
  return `${centralAssumePolicyNamePrefix(prefix)}${index}`;
}

/** What every one of the central role's numbered AssumeRole policies is named with. */
export function centralAssumePolicyNamePrefix(prefix: string): string {
  return `${prefix}-central-assume-tenants-`;
}

/** Prefix of every CloudWatch alarm loghop creates in a region. */
export function alarmNamePrefix(prefix: string): string {
  return `${prefix}-`;
}

/** A CloudWatch alarm, e.g. `alarmName("lh-prod", "dlq-not-empty")`. */
export function alarmName(prefix: string, purpose: string): string {
  return `${alarmNamePrefix(prefix)}${purpose}`;
}

/** The pipeline dashboard of one region: dashboard names are per account, not per region. */
export function dashboardName(prefix: string, region: string): string {
  return `${prefix}-pipeline-${region}`;
}

/**
 * Default state directory / S3 key prefix of an estate: `<root>/<prefix>`. The inventory prefix
 * already names every resource of the estate, so it is what keeps two estates' state apart.
 */
export function statePrefix(root: string, prefix: string): string {
  return `${root}/${prefix}`;
}

/** S3 key of a stack's state under the backend key prefix. */
export function stateKey(keyPrefix: string, stackName: string): string {
  return `${keyPrefix}/${stackName}.tfstate`;
}

/** Local backend state file of a stack, relative to the stack's directory's project root. */
export function localStatePath(directory: string, stackName: string): string {
  return `${directory}/${stackName}.tfstate`;
}

/** A log group and everything in it (its streams): the resource of CreateLogStream/PutLogEvents. */
export function logGroupContentsArn(region: string, accountId: string, logGroupName: string): string {
  return `${logGroupArn(region, accountId, logGroupName)}:*`;
}

/** One log stream of a log group: the resource IAM evaluates CreateLogStream/PutLogEvents against. */
export function logStreamArn(region: string, accountId: string, logGroupName: string, streamName: string): string {
  return `${logGroupArn(region, accountId, logGroupName)}:log-stream:${streamName}`;
}

/** Every log group named `<logGroupPrefix>/…` and its streams. */
export function logGroupPrefixArn(region: string, accountId: string, logGroupPrefix: string): string {
  return logGroupArn(region, accountId, `${logGroupPrefix}/*`);
}

/** Audience of the projected service-account token Vector exchanges with STS (IRSA trust condition `:aud`). */
export const STS_AUDIENCE = "sts.amazonaws.com";

/** `system:serviceaccount:<ns>:<sa>`: the Kubernetes user of a service account, and the `sub` of its tokens. */
export function serviceAccountSubject(namespace: string, serviceAccount: string): string {
  return `system:serviceaccount:${namespace}:${serviceAccount}`;
}

/** A service's regional endpoint host, as `kms:ViaService` names it: `s3.eu-west-1.amazonaws.com`. */
export function regionalServiceHost(service: string, region: string): string {
  return `${service}.${region}.amazonaws.com`;
}

/** CloudWatch namespace of the processor's own metrics. */
export function processorMetricsNamespace(prefix: string): string {
  return `Loghop/${prefix}`;
}

/** URL of an SQS queue known by name at synth time (what `ReceiveMessage` takes). */
export function queueUrl(region: string, accountId: string, queueName: string): string {
  return `https://sqs.${region}.amazonaws.com/${accountId}/${queueName}`;
}
