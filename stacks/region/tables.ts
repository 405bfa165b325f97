/**
 * DynamoDB tables of the processor: tenant configuration (a few shard items,
 * written from the inventory: generators/processor-config/tenant-shards) and
 * delivery checkpoints (TTL).
 *
 * Encryption uses the AWS managed key `aws/dynamodb`: every read stays covered by
 * IAM alone, so the processor's KMS permission can stay limited to S3 and SQS.
 */
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { DynamodbTableItem } from "@cdktf/provider-aws/lib/dynamodb-table-item";
import type { Construct } from "constructs";
import type { TenantShardLayout } from "../../generators/processor-config/tenant-shards";
import type { RegionNames } from "./region-names";

export const TENANT_TABLE_KEYS = { partition: "tenantId", sort: "deliveryId" } as const;
export const CHECKPOINT_TABLE_KEYS = { partition: "objectId", sort: "deliveryId", ttl: "expiresAt" } as const;

export interface ProcessorTables {
  readonly tenantTable: DynamodbTable;
  readonly checkpointTable: DynamodbTable;
}

function keyedTable(scope: Construct, id: string, name: string, partition: string, sort: string): DynamodbTable {
  return new DynamodbTable(scope, id, {
    name,
    billingMode: "PAY_PER_REQUEST",
    hashKey: partition,
    rangeKey: sort,
    attribute: [
      { name: partition, type: "S" },
      { name: sort, type: "S" },
    ],
    pointInTimeRecovery: { enabled: true },
    serverSideEncryption: { enabled: true },
    deletionProtectionEnabled: true,
  });
}

export function processorTables(scope: Construct, names: RegionNames, layout: TenantShardLayout): ProcessorTables {
  const tenantTable = keyedTable(
    scope,
    "tenant-table",
    names.tenantTable,
    TENANT_TABLE_KEYS.partition,
    TENANT_TABLE_KEYS.sort,
  );
  // Every region gets every shard: a region's processor handles whatever was staged in that
  // region, for any tenant, wherever the tenant's destination is. The construct id carries the
  // count, as the key does: a new count is a new set of items, the old set is destroyed.
  for (const shard of layout.shards) {
    new DynamodbTableItem(scope, `tenant-shard-${layout.count}-${shard.index}`, {
      tableName: tenantTable.name,
      hashKey: TENANT_TABLE_KEYS.partition,
      rangeKey: TENANT_TABLE_KEYS.sort,
      item: JSON.stringify(shard.item),
    });
  }
  const checkpointTable = keyedTable(
    scope,
    "checkpoint-table",
    names.checkpointTable,
    CHECKPOINT_TABLE_KEYS.partition,
    CHECKPOINT_TABLE_KEYS.sort,
  );
  checkpointTable.putTtl({ attributeName: CHECKPOINT_TABLE_KEYS.ttl, enabled: true });
  return { tenantTable, checkpointTable };
}
