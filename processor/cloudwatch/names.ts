import { createHash } from "node:crypto";
import type { StagedKey } from "../events/types";
import type { TenantDeliveryItem } from "../tenant-config/types";
import { MAX_GROUP_NAME_CHARS, MAX_STREAM_NAME_CHARS } from "./limits";

/**
 * Stream naming: `<cluster>/<application>/<pod>` — one stream per pod (the
 * unit that writes in order), prefixed by application and cluster so two
 * clusters' pods of the same name never share a stream. `:` and `*` (not
 * allowed) become `_`. A name over 512 characters keeps its first 503 and
 * ends in `-` + 8 hex digits of the full name's SHA-256, so it stays unique.
 */
export function logStreamName(key: StagedKey): string {
  const raw = `${key.cluster}/${key.application}/${key.pod}`.replace(/[:*]/g, "_");
  return fitWithHash(raw, MAX_STREAM_NAME_CHARS);
}

/**
 * Group: the delivery's fixed `logGroupName`, or in prefix mode
 * `<logGroupPrefix>/<application>` with characters outside CloudWatch's
 * group alphabet (`[.\-_/#A-Za-z0-9]`) replaced by `_`.
 */
export function logGroupName(item: TenantDeliveryItem, key: StagedKey): string {
  if (item.logGroupName !== undefined) return item.logGroupName;
  if (item.logGroupPrefix === undefined) {
    throw new Error(`delivery ${item.tenantId}/${item.deliveryId} has neither logGroupName nor logGroupPrefix`);
  }
  const application = key.application.replace(/[^.\-_/#A-Za-z0-9]/g, "_");
  return fitWithHash(`${item.logGroupPrefix.replace(/\/+$/, "")}/${application}`, MAX_GROUP_NAME_CHARS);
}

function fitWithHash(name: string, max: number): string {
  if (name.length <= max) return name;
  const digest = createHash("sha256").update(name).digest("hex").slice(0, 8);
  return `${name.slice(0, max - 9)}-${digest}`;
}
