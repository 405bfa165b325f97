/**
 * The settings every SDK client of the processor shares. `AWS_ENDPOINT_URL`
 * points every client at one endpoint (an emulator in tests); S3 then needs
 * path-style addressing because an emulator has no per-bucket host names.
 */

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

export interface BaseClientConfig {
  readonly region: string;
  readonly endpoint?: string;
  /** "standard": AWS advises against "adaptive" for callers sharing one client across tenants. */
  readonly retryMode: "standard";
  readonly maxAttempts: number;
  readonly requestHandler: AttemptTimeouts;
}

export const SDK_MAX_ATTEMPTS = 3;

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

export function endpointOverride(env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  const value = env.AWS_ENDPOINT_URL?.trim();
  return value ? value : undefined;
}

export function baseClientConfig(region: string, endpoint = endpointOverride()): BaseClientConfig {
  const common = {
    region,
    retryMode: "standard",
    maxAttempts: SDK_MAX_ATTEMPTS,
    requestHandler: ATTEMPT_TIMEOUTS,
  } as const;
  return endpoint === undefined ? common : { ...common, endpoint };
}

/** S3 clients: path-style against an endpoint override; checksums only when required (streamed uploads of known length). */
export function s3ClientConfig(
  region: string,
  endpoint = endpointOverride(),
): BaseClientConfig & { forcePathStyle: boolean; requestChecksumCalculation: "WHEN_REQUIRED" } {
  return {
    ...baseClientConfig(region, endpoint),
    forcePathStyle: endpoint !== undefined,
    requestChecksumCalculation: "WHEN_REQUIRED",
  };
}

/** The worker's SQS client: a long poll holds the response up to 20 s, so its attempts may wait longer. */
export function sqsWorkerClientConfig(region: string, endpoint = endpointOverride()): BaseClientConfig {
  const longPoll = { ...ATTEMPT_TIMEOUTS, requestTimeout: 30_000, socketTimeout: 30_000 };
  return { ...baseClientConfig(region, endpoint), requestHandler: longPoll };
}

/** The processor's own region: Lambda sets AWS_REGION; the CLI falls back to AWS_DEFAULT_REGION. */
export function processorRegion(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const region = env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim();
  if (!region) throw new Error("environment variable AWS_REGION is required");
  return region;
}
