/** The tenant shard items a synthesized region stack writes, decoded as the processor decodes them. */
import { decodeTenantShard, type ShardItem } from "../../../processor/tenant-config/shard-codec";
import type { TenantDeliveryItem } from "../../../processor/tenant-config/types";
import type { SynthResult } from "./synth";

export interface WrittenShards {
  /** The DynamoDB items, by partition key, as Terraform writes them. */
  readonly items: Readonly<Record<string, ShardItem>>;
  /** Every delivery item of every shard, sorted by (tenantId, deliveryId). */
  readonly deliveries: readonly TenantDeliveryItem[];
}

export function writtenShards(synth: SynthResult, stack: string): WrittenShards {
  const items: Record<string, ShardItem> = {};
  const deliveries: TenantDeliveryItem[] = [];
  for (const resource of Object.values(synth.resources(stack, "aws_dynamodb_table_item"))) {
    const item = JSON.parse(resource["item"] as string) as ShardItem;
    const key = item["tenantId"]?.S ?? "";
    const [count, index] = key.split(":").slice(2).map(Number);
    items[key] = item;
    deliveries.push(...[...decodeTenantShard(item, count!, index!).values()].flat());
  }
  deliveries.sort((a, b) =>
    a.tenantId === b.tenantId ? (a.deliveryId < b.deliveryId ? -1 : 1) : a.tenantId < b.tenantId ? -1 : 1,
  );
  return { items, deliveries };
}
