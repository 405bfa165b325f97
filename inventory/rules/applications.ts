/** Rules on tenants' application allow-lists. */
import { pointer } from "../validate-pointer";
import type { InventoryRule } from "./types";
import { repeats } from "./walk";

/** desiredLogs compares case-insensitively, so `Web` and `web` are the same entry twice. */
const desiredLogsUnique: InventoryRule = {
  id: "loghop:inventory:desired-logs-unique",
  description: "A tenant's desiredLogs lists each application once (compared case-insensitively).",
  severity: "error",
  reads: ["/tenants/*/desiredLogs"],
  check: (inventory) =>
    inventory.tenants.flatMap((tenant, t) =>
      repeats(
        (tenant.desiredLogs ?? []).map(
          (app, i) => [pointer("tenants", t, "desiredLogs", i), app.toLowerCase()] as const,
        ),
        (app, firstAt) =>
          `application "${app}" is listed twice (first at ${firstAt}; names compare case-insensitively)`,
      ),
    ),
};

export const applicationRules: readonly InventoryRule[] = [desiredLogsUnique];
