import { QueryCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { sendWithin, type CallWindow } from "../runtime/call-budget";
import { decodeTenantItem } from "./item-codec";
import type { TenantDeliveryItem } from "./types";

export interface TenantDirectoryOptions {
  readonly tableName: string;
  /** How long one tenant's items are reused. */
  readonly ttlMs: number;
  readonly now?: () => number;
}

/**
 * A tenant's deliveries, read from the tenant table and cached for a short
 * TTL: a change (a disabled tenant, a new destination) is seen within the
 * TTL without a DynamoDB read per object. Concurrent lookups of one tenant
 * share one query; failed lookups are not cached.
 */
export class TenantDirectory {
  readonly #cache = new Map<string, { readonly expiresAt: number; readonly items: Promise<TenantDeliveryItem[]> }>();
  readonly #now: () => number;

  constructor(
    private readonly dynamodb: DynamoDBClient,
    private readonly options: TenantDirectoryOptions,
  ) {
    this.#now = options.now ?? Date.now;
  }

  /** `window` bounds the Query when one is made (a cached answer needs none). */
  deliveries(tenantId: string, window?: CallWindow): Promise<TenantDeliveryItem[]> {
    const now = this.#now();
    const cached = this.#cache.get(tenantId);
    if (cached !== undefined && cached.expiresAt > now) return cached.items;
    const items = this.#query(tenantId, window);
    this.#cache.set(tenantId, { expiresAt: now + this.options.ttlMs, items });
    items.catch(() => this.#cache.delete(tenantId));
    return items;
  }

  async #query(tenantId: string, window: CallWindow | undefined): Promise<TenantDeliveryItem[]> {
    const items: TenantDeliveryItem[] = [];
    let startKey: Record<string, import("@aws-sdk/client-dynamodb").AttributeValue> | undefined;
    do {
      const page = await sendWithin(window, (options) =>
        this.dynamodb.send(
          new QueryCommand({
            TableName: this.options.tableName,
            KeyConditionExpression: "tenantId = :t",
            ExpressionAttributeValues: { ":t": { S: tenantId } },
            ConsistentRead: false,
            ExclusiveStartKey: startKey,
          }),
          options,
        ),
      );
      for (const raw of page.Items ?? []) items.push(decodeTenantItem(raw));
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return items.sort((a, b) => (a.deliveryId < b.deliveryId ? -1 : a.deliveryId > b.deliveryId ? 1 : 0));
  }
}
