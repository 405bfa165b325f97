import { GetItemCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { sendWithin, type CallWindow } from "../runtime/call-budget";
import { decodeTenantShard } from "./shard-codec";
import { TENANT_SHARD_SORT_KEY, tenantShardIndex, tenantShardKey } from "./shards";
import type { TenantDeliveryItem } from "./types";

export interface TenantDirectoryOptions {
  readonly tableName: string;
  /** Shards of the tenant configuration (LOGHOP_TENANT_SHARDS): only the layout of this count is read. */
  readonly shardCount: number;
  /** How long one shard is reused. */
  readonly ttlMs: number;
  readonly now?: () => number;
}

/**
 * A tenant's deliveries, read from its shard of the tenant table (one GetItem)
 * and cached per shard for a short TTL: a change (a disabled tenant, a new
 * destination) is seen within the TTL without a DynamoDB read per object.
 * Concurrent lookups of one shard share one read; failed reads (including a
 * malformed shard) are not cached. A missing shard item reads as a shard
 * without tenants, so its tenants take the retryable tenant-missing path.
 */
export class TenantDirectory {
  readonly #cache = new Map<
    number,
    { readonly expiresAt: number; readonly tenants: Promise<Map<string, TenantDeliveryItem[]>> }
  >();
  readonly #now: () => number;

  constructor(
    private readonly dynamodb: DynamoDBClient,
    private readonly options: TenantDirectoryOptions,
  ) {
    this.#now = options.now ?? Date.now;
  }

  /** `window` bounds the GetItem when one is made (a cached answer needs none). */
  async deliveries(tenantId: string, window?: CallWindow): Promise<TenantDeliveryItem[]> {
    const tenants = await this.#shard(tenantShardIndex(tenantId, this.options.shardCount), window);
    return [...(tenants.get(tenantId) ?? [])];
  }

  #shard(index: number, window: CallWindow | undefined): Promise<Map<string, TenantDeliveryItem[]>> {
    const now = this.#now();
    const cached = this.#cache.get(index);
    if (cached !== undefined && cached.expiresAt > now) return cached.tenants;
    const tenants = this.#read(index, window);
    this.#cache.set(index, { expiresAt: now + this.options.ttlMs, tenants });
    tenants.catch(() => this.#cache.delete(index));
    return tenants;
  }

  async #read(index: number, window: CallWindow | undefined): Promise<Map<string, TenantDeliveryItem[]>> {
    const count = this.options.shardCount;
    const { Item } = await sendWithin(window, (options) =>
      this.dynamodb.send(
        new GetItemCommand({
          TableName: this.options.tableName,
          Key: { tenantId: { S: tenantShardKey(count, index) }, deliveryId: { S: TENANT_SHARD_SORT_KEY } },
          ConsistentRead: false,
        }),
        options,
      ),
    );
    return Item === undefined ? new Map() : decodeTenantShard(Item, count, index);
  }
}
