import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import type { TenantDeliveryItem } from "./types";

/**
 * DynamoDB attribute map → TenantDeliveryItem. Written by hand (a dozen
 * fields) rather than pulling util-dynamodb into the Lambda bundle; an item
 * missing a required field is reported, never half-used.
 */

type Item = Record<string, AttributeValue>;

function str(item: Item, name: string): string | undefined {
  return item[name]?.S;
}

function num(item: Item, name: string): number | undefined {
  const raw = item[name]?.N;
  return raw === undefined ? undefined : Number(raw);
}

function strings(item: Item, name: string): string[] | undefined {
  const value = item[name];
  if (value === undefined) return undefined;
  if (value.SS !== undefined) return [...value.SS];
  if (value.L !== undefined) return value.L.map((entry) => entry.S).filter((s): s is string => s !== undefined);
  return undefined;
}

export class TenantItemError extends Error {
  override readonly name = "TenantItemError";
}

export function decodeTenantItem(item: Item): TenantDeliveryItem {
  const need = (name: string): string => {
    const value = str(item, name);
    if (value === undefined) {
      throw new TenantItemError(
        `tenant item ${str(item, "tenantId") ?? "?"}/${str(item, "deliveryId") ?? "?"}: attribute ${name} is required`,
      );
    }
    return value;
  };
  const type = need("type");
  if (type !== "cloudwatch" && type !== "s3") {
    throw new TenantItemError(
      `tenant item ${need("tenantId")}/${need("deliveryId")}: type must be cloudwatch or s3, got ${type}`,
    );
  }
  const optional = {
    desiredLogs: strings(item, "desiredLogs"),
    logGroupName: str(item, "logGroupName"),
    logGroupPrefix: str(item, "logGroupPrefix"),
    kmsKeyArn: str(item, "kmsKeyArn"),
    retentionDays: num(item, "retentionDays"),
    bucket: str(item, "bucket"),
    prefix: str(item, "prefix"),
  };
  const defined = Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined));
  return {
    tenantId: need("tenantId"),
    deliveryId: need("deliveryId"),
    type,
    region: need("region"),
    accountId: need("accountId"),
    roleArn: need("roleArn"),
    externalId: need("externalId"),
    enabled: item.enabled?.BOOL === true,
    allowedClusters: strings(item, "allowedClusters") ?? [],
    ...defined,
  };
}

/** The inverse, for tests and tools that seed a table. */
export function encodeTenantItem(item: TenantDeliveryItem): Item {
  const encoded: Item = {};
  for (const [name, value] of Object.entries(item)) {
    if (value === undefined) continue;
    if (typeof value === "string") encoded[name] = { S: value };
    else if (typeof value === "number") encoded[name] = { N: String(value) };
    else if (typeof value === "boolean") encoded[name] = { BOOL: value };
    else if (Array.isArray(value)) encoded[name] = { L: value.map((entry: string) => ({ S: entry })) };
  }
  return encoded;
}
