import type { StagedKey } from "../events/types";
import type { TenantDeliveryItem } from "./types";

export type SkipReason = "tenant-disabled" | "application-not-desired";

export type Admission =
  /** Never delivered anywhere: the cluster may not carry this tenant. Acknowledged, counted, logged. */
  | { readonly kind: "refused"; readonly reason: string }
  /** The cluster may carry it but the table has no item for the tenant: misconfiguration. */
  | { readonly kind: "tenant-missing" }
  | {
      readonly kind: "admitted";
      readonly deliveries: readonly TenantDeliveryItem[];
      readonly skipped: readonly { readonly deliveryId: string; readonly reason: SkipReason }[];
    };

/**
 * Decides where one staged object goes. The cluster must be allowed to
 * carry the tenant — by the processor's cluster map when configured, and by
 * every item's allowedClusters — because the key is written by the cluster
 * and a cluster must never inject logs into another tenant's account.
 */
export function admitObject(
  key: StagedKey,
  items: readonly TenantDeliveryItem[],
  clusterTenants: Readonly<Record<string, readonly string[]>> | undefined,
): Admission {
  if (clusterTenants !== undefined && !(clusterTenants[key.cluster] ?? []).includes(key.tenant)) {
    return { kind: "refused", reason: `cluster ${key.cluster} may not carry tenant ${key.tenant}` };
  }
  // Unknown tenant: with no cluster map to say otherwise, assume misconfiguration (fixable, redrivable) over refusal (loss).
  if (items.length === 0) return { kind: "tenant-missing" };
  const carrying = items.filter((item) => item.allowedClusters.includes(key.cluster));
  if (carrying.length === 0) {
    return { kind: "refused", reason: `cluster ${key.cluster} is not in tenant ${key.tenant}'s allowed clusters` };
  }
  const application = key.application.toLowerCase();
  const deliveries: TenantDeliveryItem[] = [];
  const skipped: { deliveryId: string; reason: SkipReason }[] = [];
  for (const item of carrying) {
    if (!item.enabled) skipped.push({ deliveryId: item.deliveryId, reason: "tenant-disabled" });
    else if (item.desiredLogs !== undefined && !item.desiredLogs.some((name) => name.toLowerCase() === application)) {
      skipped.push({ deliveryId: item.deliveryId, reason: "application-not-desired" });
    } else deliveries.push(item);
  }
  return { kind: "admitted", deliveries, skipped };
}
