import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { S3Client } from "@aws-sdk/client-s3";
import type { TenantDeliveryItem } from "../tenant-config/types";
import { useFastPutLogEventsSerializer } from "../cloudwatch/fast-serializer";
import { baseClientConfig, retrySettings, s3ClientConfig, type ServiceEndpoints } from "../aws/client-config";
import type { CallWindow } from "../runtime/call-budget";
import type { RoleChain } from "./role-chain";

/**
 * One SDK client per tenant role and region, kept for the life of the
 * process: clients hold connection pools and their credentials provider
 * reads the role chain's cache, so nothing is rebuilt per object.
 */
export class TenantClientPool {
  readonly #logs = new Map<string, CloudWatchLogsClient>();
  readonly #s3 = new Map<string, S3Client>();
  readonly #retry = retrySettings();

  constructor(
    private readonly roles: RoleChain,
    private readonly endpoints: ServiceEndpoints = {},
  ) {}

  /**
   * Resolves the tenant's credentials now (cached after the first call), so a
   * denied AssumeRole fails the delivery before any object is read, with
   * its own classification.
   */
  async ready(item: TenantDeliveryItem, window?: CallWindow): Promise<void> {
    await this.roles.tenantCredentials(item, window);
  }

  cloudWatchLogs(item: TenantDeliveryItem): CloudWatchLogsClient {
    const key = this.#key(item);
    let client = this.#logs.get(key);
    if (client === undefined) {
      client = useFastPutLogEventsSerializer(
        new CloudWatchLogsClient({
          ...baseClientConfig(item.region, this.endpoints.cloudwatchLogs, this.#retry),
          credentials: this.roles.providerFor(item),
        }),
      );
      this.#logs.set(key, client);
    }
    return client;
  }

  s3(item: TenantDeliveryItem): S3Client {
    const key = this.#key(item);
    let client = this.#s3.get(key);
    if (client === undefined) {
      client = new S3Client({
        ...s3ClientConfig(item.region, this.endpoints.s3, this.#retry),
        credentials: this.roles.providerFor(item),
        // The copy's body is the staging object's one-shot stream: an SDK-level retry could only
        // resend a consumed stream. The delivery's own retry loop re-opens the object instead.
        maxAttempts: 1,
      });
      this.#s3.set(key, client);
    }
    return client;
  }

  #key(item: TenantDeliveryItem): string {
    return `${item.tenantId}\u0000${item.roleArn}\u0000${item.externalId}\u0000${item.region}`;
  }
}
