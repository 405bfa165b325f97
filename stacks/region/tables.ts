/**
 * DynamoDB tables of the processor: tenant configuration (one item per tenant
 * delivery, written from the inventory) and delivery checkpoints (TTL).
 *
 * Encryption uses the AWS managed key `aws/dynamodb`: every read stays covered by
 * IAM alone, so the processor's KMS permission can stay limited to S3 and SQS.
 */
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { DynamodbTableItem } from "@cdktf/provider-aws/lib/dynamodb-table-item";
import { marshall } from "@aws-sdk/util-dynamodb";
import { createHash } from "node:crypto";
import type { Construct } from "constructs";
import type { TenantDeliveryItem } from "../../processor/tenant-config/types";
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

/** Construct id of an item: readable, and unique even when two delivery ids sanitise alike. */
function itemId(item: TenantDeliveryItem): string {
  const digest = createHash("sha256").update(`${item.tenantId}\n${item.deliveryId}`).digest("hex").slice(0, 12);
  return `tenant-item-${item.tenantId}-${digest}`;
}

export function processorTables(
  scope: Construct,
  names: RegionNames,
  items: readonly TenantDeliveryItem[],
): ProcessorTables {
  const tenantTable = keyedTable(
    scope,
    "tenant-table",
    names.tenantTable,
    TENANT_TABLE_KEYS.partition,
    TENANT_TABLE_KEYS.sort,
  );
  // Every region gets every item: a region's processor handles whatever was staged in that
  // region, for any tenant, wherever the tenant's destination is.
  for (const item of items) {
    new DynamodbTableItem(scope, itemId(item), {
      tableName: tenantTable.name,
      hashKey: TENANT_TABLE_KEYS.partition,
      rangeKey: TENANT_TABLE_KEYS.sort,
      item: JSON.stringify(marshall(item, { removeUndefinedValues: true })),
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
