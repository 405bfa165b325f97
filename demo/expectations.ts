/**
 * What must arrive where, decided from the inventory's tenant items alone: a
 * staged object of tenant T goes to each of T's deliveries that is enabled
 * and, when T lists desired logs, names the object's application. Where it
 * lands (group, stream, key) uses the processor's naming functions, the one
 * definition of those names.
 */
import { logGroupName, logStreamName } from "../processor/cloudwatch/names";
import { parseStagedKey } from "../processor/events/object-key";
import type { StagedKey } from "../processor/events/types";
import { customerObjectKey } from "../processor/s3-delivery/key-layout";
import type { TenantDeliveryItem } from "../processor/tenant-config/types";

/** A staged object as the agent wrote it. */
export interface StagedObject {
  readonly clusterId: string;
  readonly key: string;
  readonly messages: readonly string[];
  readonly body: Buffer;
}

interface Destination {
  readonly tenantId: string;
  readonly accountId: string;
  readonly region: string;
  readonly deliveryId: string;
}

export interface ExpectedStream extends Destination {
  readonly group: string;
  readonly stream: string;
  readonly messages: string[];
}

export interface ExpectedS3Object extends Destination {
  readonly bucket: string;
  readonly key: string;
  readonly body: Buffer;
  readonly events: number;
}

/** Staged objects the inventory keeps from a delivery, and why. */
export interface ExpectedSkip {
  readonly tenantId: string;
  readonly deliveryId: string;
  readonly application: string;
  readonly reason: "tenant-disabled" | "application-not-desired";
  objects: number;
  events: number;
}

export interface Expectations {
  readonly streams: ExpectedStream[];
  readonly s3Objects: ExpectedS3Object[];
  readonly skips: ExpectedSkip[];
}

function skipReason(item: TenantDeliveryItem, key: StagedKey): ExpectedSkip["reason"] | undefined {
  if (!item.enabled) return "tenant-disabled";
  const application = key.application.toLowerCase();
  if (item.desiredLogs !== undefined && !item.desiredLogs.some((name) => name.toLowerCase() === application))
    return "application-not-desired";
  return undefined;
}

/** `expectedArrivals(items, objects)`: every stream, S3 object and skip the staged objects must produce. */
export function expectedArrivals(items: readonly TenantDeliveryItem[], objects: readonly StagedObject[]): Expectations {
  const streams = new Map<string, ExpectedStream>();
  const skips = new Map<string, ExpectedSkip>();
  const s3Objects: ExpectedS3Object[] = [];
  for (const object of objects) {
    const parsed = parseStagedKey(object.key);
    if (!parsed.ok) throw new Error(`the agent staged ${object.key}, which is not a staged key: ${parsed.reason}`);
    const key = parsed.key;
    const carrying = items.filter((i) => i.tenantId === key.tenant && i.allowedClusters.includes(key.cluster));
    for (const item of carrying) {
      const where = {
        tenantId: item.tenantId,
        accountId: item.accountId,
        region: item.region,
        deliveryId: item.deliveryId,
      };
      const reason = skipReason(item, key);
      if (reason !== undefined) {
        const id = `${item.tenantId}\n${item.deliveryId}\n${key.application}`;
        const skip = skips.get(id) ?? { ...where, application: key.application, reason, objects: 0, events: 0 };
        skips.set(id, skip);
        skip.objects++;
        skip.events += object.messages.length;
      } else if (item.type === "cloudwatch") {
        const group = logGroupName(item, key);
        const stream = logStreamName(key);
        const id = `${item.accountId}\n${item.region}\n${group}\n${stream}`;
        const expected = streams.get(id) ?? { ...where, group, stream, messages: [] };
        streams.set(id, expected);
        expected.messages.push(...object.messages);
      } else {
        s3Objects.push({
          ...where,
          bucket: item.bucket ?? "",
          key: customerObjectKey(item.prefix, key),
          body: object.body,
          events: object.messages.length,
        });
      }
    }
  }
  return { streams: [...streams.values()], s3Objects, skips: [...skips.values()] };
}
