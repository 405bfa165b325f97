/**
 * The settings every SDK client of the processor shares, honouring the SDK's own
 * environment as the SDK does: `AWS_ENDPOINT_URL_<SERVICE>` (e.g. `AWS_ENDPOINT_URL_S3`)
 * wins over `AWS_ENDPOINT_URL`, `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` ignores both, and
 * `AWS_MAX_ATTEMPTS` / `AWS_RETRY_MODE` replace the defaults. The endpoint is passed
 * explicitly (not left to the SDK) because S3 needs path-style addressing against an
 * endpoint override: an emulator has no per-bucket host names.
 *
 * The deadline rules (runtime/call-budget.ts) win over the retry settings: every call's
 * abort signal covers all of its attempts, so more attempts never run past the budget.
 */
import { ProcessorConfigError } from "../config/environment";

type Env = Readonly<Record<string, string | undefined>>;

/** The services the processor calls, by the SDK's service id as its `AWS_ENDPOINT_URL_<ID>` variable spells it. */
export const SERVICE_ENDPOINT_ID = {
  s3: "S3",
  dynamodb: "DYNAMODB",
  sts: "STS",
  cloudwatchLogs: "CLOUDWATCH_LOGS",
  sqs: "SQS",
} as const;

export type AwsService = keyof typeof SERVICE_ENDPOINT_ID;

/** Per-attempt timeouts of the SDK's Node HTTP handler (passed as options, so the runtime's SDK builds its own handler). */
export interface AttemptTimeouts {
  /** TCP (and TLS) connection established within this. */
  readonly connectionTimeout: number;
  /** Response headers within this (SDKs before `throwOnRequestTimeout` read it as the socket idle timeout). */
  readonly requestTimeout: number;
  /** No byte sent or received for this long, body streaming included. */
  readonly socketTimeout: number;
  readonly throwOnRequestTimeout: true;
}

export type RetryMode = "standard" | "adaptive";

export interface BaseClientConfig {
  readonly region: string;
  readonly endpoint?: string;
  /** Default "standard": AWS advises against "adaptive" for callers sharing one client across tenants. */
  readonly retryMode: RetryMode;
  readonly maxAttempts: number;
  readonly requestHandler: AttemptTimeouts;
}

/** Attempts per call (the first included) unless AWS_MAX_ATTEMPTS says otherwise. */
export const SDK_MAX_ATTEMPTS = 3;

export interface RetrySettings {
  readonly retryMode: RetryMode;
  readonly maxAttempts: number;
}

/** AWS_MAX_ATTEMPTS (a positive integer) and AWS_RETRY_MODE (standard | adaptive); every bad value reported at once. */
export function retrySettings(env: Env = process.env): RetrySettings {
  const problems: string[] = [];
  const attempts = env.AWS_MAX_ATTEMPTS?.trim();
  const maxAttempts = attempts ? Number(attempts) : SDK_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    problems.push(`environment variable AWS_MAX_ATTEMPTS must be a positive integer, got ${JSON.stringify(attempts)}`);
  }
  const mode = env.AWS_RETRY_MODE?.trim() || "standard";
  if (mode !== "standard" && mode !== "adaptive") {
    problems.push(`environment variable AWS_RETRY_MODE must be standard or adaptive, got ${JSON.stringify(mode)}`);
  }
  if (problems.length > 0) throw new ProcessorConfigError(problems);
  return { retryMode: mode as RetryMode, maxAttempts };
}

/**
 * One attempt that hangs gives up after these and the SDK retries; the whole call (all attempts)
 * is bounded by the time left through its abort signal (runtime/call-budget.ts). PutLogEvents and
 * DynamoDB answer in well under a second; 20 s leaves room for a slow 1 MiB upload.
 */
export const ATTEMPT_TIMEOUTS: AttemptTimeouts = {
  connectionTimeout: 3_000,
  requestTimeout: 20_000,
  socketTimeout: 20_000,
  throwOnRequestTimeout: true,
};

/** The endpoint override for `service`: its own variable, else the global one, else none (the SDK's default). */
export function endpointOverride(service: AwsService, env: Env = process.env): string | undefined {
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.trim().toLowerCase() === "true") return undefined;
  const own = env[`AWS_ENDPOINT_URL_${SERVICE_ENDPOINT_ID[service]}`]?.trim();
  if (own) return own;
  const global = env.AWS_ENDPOINT_URL?.trim();
  return global ? global : undefined;
}

/** Each service's endpoint override, resolved once. */
export type ServiceEndpoints = Readonly<Partial<Record<AwsService, string>>>;

/** Every service's override from `env`; `single` (tests) points all of them at one endpoint instead. */
export function serviceEndpoints(env: Env = process.env, single?: string): ServiceEndpoints {
  const endpoints: Partial<Record<AwsService, string>> = {};
  for (const service of Object.keys(SERVICE_ENDPOINT_ID) as AwsService[]) {
    const endpoint = single ?? endpointOverride(service, env);
    if (endpoint !== undefined) endpoints[service] = endpoint;
  }
  return endpoints;
}

export function baseClientConfig(
  region: string,
  endpoint: string | undefined,
  retry: RetrySettings = retrySettings(),
): BaseClientConfig {
  const common = { region, ...retry, requestHandler: ATTEMPT_TIMEOUTS } as const;
  return endpoint === undefined ? common : { ...common, endpoint };
}

/** S3 clients: path-style against an endpoint override; checksums only when required (streamed uploads of known length). */
export function s3ClientConfig(
  region: string,
  endpoint = endpointOverride("s3"),
  retry: RetrySettings = retrySettings(),
): BaseClientConfig & { forcePathStyle: boolean; requestChecksumCalculation: "WHEN_REQUIRED" } {
  return {
    ...baseClientConfig(region, endpoint, retry),
    forcePathStyle: endpoint !== undefined,
    requestChecksumCalculation: "WHEN_REQUIRED",
  };
}

/** The worker's SQS client: a long poll holds the response up to 20 s, so its attempts may wait longer. */
export function sqsWorkerClientConfig(region: string, endpoint = endpointOverride("sqs")): BaseClientConfig {
  const longPoll = { ...ATTEMPT_TIMEOUTS, requestTimeout: 30_000, socketTimeout: 30_000 };
  return { ...baseClientConfig(region, endpoint), requestHandler: longPoll };
}

/** The processor's own region: Lambda sets AWS_REGION; the CLI falls back to AWS_DEFAULT_REGION. */
export function processorRegion(env: Env = process.env): string {
  const region = env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim();
  if (!region) throw new ProcessorConfigError(["environment variable AWS_REGION is required"]);
  return region;
}
