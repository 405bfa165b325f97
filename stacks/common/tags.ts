/** Default tags every provider puts on every resource it creates. */
import type { ResolvedInventory } from "../../inventory/resolved";

export const MANAGED_BY = "loghop";

/** `extra` names the stack's subject (`{ Tenant: "globex" }`, `{ Cluster: "eks-eu-1" }`). */
export function defaultTags(
  inventory: ResolvedInventory,
  extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
  return { Project: inventory.project, Environment: inventory.environment, ManagedBy: MANAGED_BY, ...extra };
}
