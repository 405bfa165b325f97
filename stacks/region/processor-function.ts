/**
 * The processor Lambda, its log group, its least-privilege execution role and
 * the SQS event source mapping that feeds it.
 */
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaEventSourceMapping } from "@cdktf/provider-aws/lib/lambda-event-source-mapping";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { AssetType, TerraformAsset } from "cdktf";
import type { Construct } from "constructs";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { AWS_LIMITS, environmentBytes } from "../../inventory/aws-limits";
import type { ResolvedProcessorSettings } from "../../inventory/resolved";
import { policyJson, serviceTrustPolicy } from "../common/policy-documents";
import { StackError } from "../errors";
import { bundleContentHash } from "./bundle-hash";
import { processorExecutionPolicy } from "./processor-policy";
import type { RegionNames } from "./region-names";

/** `index.js` exporting `handler`, as written by `processor/bundle.ts`. */
export const PROCESSOR_HANDLER = "index.handler";
export const PROCESSOR_RUNTIME = "nodejs22.x";
export const PROCESSOR_ARCHITECTURE = "arm64";

/** Fail with the command that builds the bundle, not with a bare ENOENT from the asset. */
export function checkBundle(stackName: string, bundleDir: string): void {
  if (existsSync(join(bundleDir, PROCESSOR_HANDLER.split(".")[0] + ".js"))) return;
  throw new StackError(
    stackName,
    `no processor bundle in ${bundleDir} (index.js missing): run \`npm run build:processor\` first (npm run synth does)`,
  );
}

/** Lambda quota: all environment variable names and values together, in bytes. */
export const LAMBDA_ENVIRONMENT_MAX_BYTES = AWS_LIMITS.lambdaEnvironmentSize.max;

/** Fail at synth, naming the biggest variables, instead of at apply with a bare InvalidParameterValue. */
export function checkEnvironmentSize(stackName: string, environment: Readonly<Record<string, string>>): void {
  const sizes = Object.entries(environment).map(([key, value]) => [key, Buffer.byteLength(key + value)] as const);
  const total = environmentBytes(environment);
  if (total <= LAMBDA_ENVIRONMENT_MAX_BYTES) return;
  const largest = [...sizes]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([key, size]) => `${key} (${size} bytes)`)
    .join(", ");
  throw new StackError(
    stackName,
    `the processor environment is ${total} bytes, more than Lambda's ${LAMBDA_ENVIRONMENT_MAX_BYTES}; largest: ${largest}`,
  );
}

export interface ProcessorFunctionProps {
  /** Stack name, for error messages. */
  readonly stackName: string;
  readonly names: RegionNames;
  readonly settings: ResolvedProcessorSettings;
  /** Directory holding the bundled processor (`index.js` + `index.js.map`). */
  readonly bundleDir: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly kmsKeyArn: string;
  /** The lanes' queues (resource references, so each mapping waits for its queue). */
  readonly queues: readonly { readonly clusterId: string; readonly arn: string }[];
}

export function processorFunction(scope: Construct, props: ProcessorFunctionProps): LambdaFunction {
  const { names, settings } = props;
  checkEnvironmentSize(props.stackName, props.environment);
  checkBundle(props.stackName, props.bundleDir);
  const logGroup = new CloudwatchLogGroup(scope, "processor-log-group", {
    name: names.functionLogGroup,
    retentionInDays: settings.logRetentionDays,
  });
  const role = new IamRole(scope, "processor-role", {
    name: names.processorRole,
    path: names.processorRolePath,
    assumeRolePolicy: policyJson(serviceTrustPolicy("lambda.amazonaws.com")),
  });
  const rolePolicy = new IamRolePolicy(scope, "processor-role-policy", {
    name: "processor",
    role: role.name,
    policy: policyJson(processorExecutionPolicy(names, props.kmsKeyArn)),
  });
  const bundle = new TerraformAsset(scope, "processor-bundle", { path: props.bundleDir, type: AssetType.ARCHIVE });
  const fn = new LambdaFunction(scope, "processor-function", {
    functionName: names.functionName,
    role: role.arn,
    runtime: PROCESSOR_RUNTIME,
    architectures: [PROCESSOR_ARCHITECTURE],
    handler: PROCESSOR_HANDLER,
    filename: bundle.path,
    sourceCodeHash: bundleContentHash(props.bundleDir),
    memorySize: settings.memoryMb,
    timeout: settings.timeoutSeconds,
    reservedConcurrentExecutions: settings.reservedConcurrency,
    environment: { variables: { ...props.environment } },
    // Text: the processor already writes JSON lines and EMF metrics; Lambda's JSON mode
    // would wrap them in another envelope and hide the EMF documents from CloudWatch.
    loggingConfig: { logFormat: "Text", logGroup: logGroup.name },
    // Policy before function: the first invocation must be able to log and the ESM
    // must see SQS permissions when it is created.
    dependsOn: [logGroup, rolePolicy],
  });
  // One mapping per lane, each with its own MaximumConcurrency: a flooding cluster's
  // mapping cannot take the invocations another cluster's mapping polls for.
  for (const queue of props.queues) {
    new LambdaEventSourceMapping(scope, `processor-queue-mapping-${queue.clusterId}`, {
      eventSourceArn: queue.arn,
      functionName: fn.arn,
      batchSize: settings.batchSize,
      maximumBatchingWindowInSeconds: settings.batchWindowSeconds,
      // Failed records come back one by one; the rest of the batch is deleted.
      functionResponseTypes: ["ReportBatchItemFailures"],
      scalingConfig: { maximumConcurrency: settings.maxConcurrency },
      dependsOn: [rolePolicy],
    });
  }
  return fn;
}
