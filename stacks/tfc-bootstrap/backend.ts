/**
 * State of the bootstrap stack itself. It creates the TFC workspaces, so its own state cannot
 * live in one of them: local (relative path) or S3, from `central.backend.bootstrapState`.
 */
import type { TerraformStack } from "cdktf";
import type { ResolvedInventory, ResolvedTfcSettings } from "../../inventory/resolved";
import { configureBackend } from "../common/backend";

export function configureBootstrapBackend(
  stack: TerraformStack,
  inventory: ResolvedInventory,
  settings: ResolvedTfcSettings,
  stackName: string,
): void {
  // The stacks' own backend code, pointed at the bootstrap's state settings instead of `cloud`.
  configureBackend(
    stack,
    { ...inventory, central: { ...inventory.central, backend: settings.bootstrapState } },
    stackName,
  );
}
