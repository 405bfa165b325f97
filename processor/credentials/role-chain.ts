import { AssumeRoleCommand, STSClient, type STSClientConfig } from "@aws-sdk/client-sts";
import { ProcessorError } from "../failures/errors";
import { classifyError } from "../failures/classify";
import { ATTEMPT_TIMEOUTS } from "../aws/client-config";
import { sendWithin, type CallWindow } from "../runtime/call-budget";

/** Structurally the SDK's AwsCredentialIdentity (declared here to avoid a dependency on a transitive types package). */
export interface AwsCredentialIdentity {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
}
export type AwsCredentialIdentityProvider = () => Promise<AwsCredentialIdentity>;

/** Credentials are refreshed this long before they expire, so a long delivery never runs on expiring keys. */
export const CREDENTIAL_REFRESH_MARGIN_MS = 5 * 60_000;
/** AssumeRole's default (and the role-chaining maximum): one hour. */
const SESSION_SECONDS = 3600;

export interface TenantRole {
  readonly tenantId: string;
  readonly roleArn: string;
  readonly externalId: string;
}

export interface RoleChainOptions {
  readonly centralRoleArn: string;
  /** Region of the STS endpoint used (the processor's own). */
  readonly region: string;
  readonly stsConfig?: Partial<STSClientConfig>;
  readonly now?: () => number;
  /** Session name of the first hop. Default `loghop-processor`. */
  readonly processorSessionName?: string;
}

type Cached = { readonly expiresAt: number; readonly credentials: Promise<AwsCredentialIdentity> };

/** RoleSessionName: 2–64 characters of `[\w+=,.@-]`; it names the tenant in the tenant's CloudTrail. */
export function tenantSessionName(tenantId: string): string {
  return `loghop-${tenantId}`.replace(/[^\w+=,.@-]/g, "-").slice(0, 64);
}

/**
 * The double hop: processor role (ambient credentials) → central role →
 * the tenant's role with the tenant's own ExternalId. Both hops are cached
 * until CREDENTIAL_REFRESH_MARGIN_MS before expiry, and concurrent requests
 * for one tenant share one AssumeRole call: no STS call per object.
 */
export class RoleChain {
  readonly #now: () => number;
  readonly #processorSts: STSClient;
  #central: Cached | undefined;
  #centralSts: STSClient | undefined;
  readonly #tenants = new Map<string, Cached>();

  constructor(private readonly options: RoleChainOptions) {
    this.#now = options.now ?? Date.now;
    this.#processorSts = new STSClient({
      region: options.region,
      requestHandler: ATTEMPT_TIMEOUTS,
      ...options.stsConfig,
    });
  }

  /** A provider for SDK clients acting in the tenant's account. */
  providerFor(role: TenantRole): AwsCredentialIdentityProvider {
    return () => this.tenantCredentials(role);
  }

  /** `window` bounds the STS calls when they are made (a cached answer needs none). */
  tenantCredentials(role: TenantRole, window?: CallWindow): Promise<AwsCredentialIdentity> {
    const cacheKey = `${role.roleArn}\u0000${role.externalId}`;
    const cached = this.#tenants.get(cacheKey);
    if (cached !== undefined && cached.expiresAt > this.#now()) return cached.credentials;
    // The central hop is resolved explicitly first (the second client's provider then reads the same cache).
    const credentials = this.#centralCredentials(window).then(() =>
      this.#assume(
        this.#centralClient(),
        {
          RoleArn: role.roleArn,
          RoleSessionName: tenantSessionName(role.tenantId),
          ExternalId: role.externalId,
        },
        window,
      ),
    );
    this.#remember(this.#tenants, cacheKey, credentials);
    return credentials;
  }

  #centralCredentials(window?: CallWindow): Promise<AwsCredentialIdentity> {
    if (this.#central !== undefined && this.#central.expiresAt > this.#now()) return this.#central.credentials;
    const credentials = this.#assume(
      this.#processorSts,
      {
        RoleArn: this.options.centralRoleArn,
        RoleSessionName: this.options.processorSessionName ?? "loghop-processor",
      },
      window,
    );
    const entry: Cached = { expiresAt: Number.POSITIVE_INFINITY, credentials };
    this.#central = entry;
    credentials.then(
      (c) => {
        if (this.#central === entry) this.#central = { credentials, expiresAt: this.#expiry(c) };
      },
      () => {
        if (this.#central === entry) this.#central = undefined;
      },
    );
    return credentials;
  }

  #centralClient(): STSClient {
    this.#centralSts ??= new STSClient({
      region: this.options.region,
      requestHandler: ATTEMPT_TIMEOUTS,
      ...this.options.stsConfig,
      credentials: () => this.#centralCredentials(),
    });
    return this.#centralSts;
  }

  #remember(map: Map<string, Cached>, key: string, credentials: Promise<AwsCredentialIdentity>): void {
    const entry: Cached = { expiresAt: Number.POSITIVE_INFINITY, credentials };
    map.set(key, entry);
    credentials.then(
      (c) => {
        if (map.get(key) === entry) map.set(key, { credentials, expiresAt: this.#expiry(c) });
      },
      () => {
        if (map.get(key) === entry) map.delete(key);
      },
    );
  }

  #expiry(credentials: AwsCredentialIdentity): number {
    const expiration = credentials.expiration?.getTime() ?? this.#now() + SESSION_SECONDS * 1000;
    return expiration - CREDENTIAL_REFRESH_MARGIN_MS;
  }

  async #assume(
    client: STSClient,
    input: { RoleArn: string; RoleSessionName: string; ExternalId?: string },
    window: CallWindow | undefined,
  ): Promise<AwsCredentialIdentity> {
    let response;
    try {
      response = await sendWithin(window, (options) =>
        client.send(new AssumeRoleCommand({ ...input, DurationSeconds: SESSION_SECONDS }), options),
      );
    } catch (error) {
      const { kind, reason } = classifyError(error);
      if (kind === "permanent") {
        throw new ProcessorError(
          `AssumeRole ${input.RoleArn} failed: ${(error as Error).name}: ${(error as Error).message}`,
          "permanent",
          reason === "access-denied" ? "assume-role-denied" : reason,
          { cause: error },
        );
      }
      throw error;
    }
    const c = response.Credentials;
    if (c?.AccessKeyId === undefined || c.SecretAccessKey === undefined) {
      throw new ProcessorError(`AssumeRole ${input.RoleArn} returned no credentials`, "transient", "server-error");
    }
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      ...(c.SessionToken !== undefined ? { sessionToken: c.SessionToken } : {}),
      ...(c.Expiration !== undefined ? { expiration: c.Expiration } : {}),
    };
  }
}
