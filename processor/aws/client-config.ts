/**
 * The settings every SDK client of the processor shares. `AWS_ENDPOINT_URL`
 * points every client at one endpoint (an emulator in tests); S3 then needs
 * path-style addressing because an emulator has no per-bucket host names.
 */

export interface BaseClientConfig {
  readonly region: string;
  readonly endpoint?: string;
  /** "standard": AWS advises against "adaptive" for callers sharing one client across tenants. */
  readonly retryMode: "standard";
  readonly maxAttempts: number;
}

export const SDK_MAX_ATTEMPTS = 3;

export function endpointOverride(env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  const value = env.AWS_ENDPOINT_URL?.trim();
  return value ? value : undefined;
}

export function baseClientConfig(region: string, endpoint = endpointOverride()): BaseClientConfig {
  return endpoint === undefined
    ? { region, retryMode: "standard", maxAttempts: SDK_MAX_ATTEMPTS }
    : { region, endpoint, retryMode: "standard", maxAttempts: SDK_MAX_ATTEMPTS };
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

/** The processor's own region: Lambda sets AWS_REGION; the CLI falls back to AWS_DEFAULT_REGION. */
export function processorRegion(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const region = env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim();
  if (!region) throw new Error("environment variable AWS_REGION is required");
  return region;
}
