/** The Terraform Cloud bootstrap: workspaces, run order and keyless AWS access for the loghop stacks. */
import type { App } from "cdktf";
import { stackNames } from "../../inventory/names";
import type { ResolvedInventory } from "../../inventory/resolved";
import { TfcBootstrapStack } from "./tfc-bootstrap-stack";

export { TfcBootstrapError } from "./errors";
export {
  DEPLOY_LAYERS,
  planAccounts,
  planTfc,
  workspaceLayers,
  type DeployLayer,
  type RunTriggerPlan,
  type TfcAccountPlan,
  type TfcPlan,
  type TfcWorkspacePlan,
} from "./plan";
export {
  RUN_ROLE_POLICY_WITHOUT_DEPLOY_ROLE,
  runRolePermissions,
  VECTOR_ROLE_ACTIONS,
  type RunRolePermissions,
} from "./policies";
export { TfcBootstrapStack } from "./tfc-bootstrap-stack";

/** Add the `tfc-bootstrap` stack to the app; main.ts calls this when the backend is `cloud`. */
export function addTfcBootstrap(app: App, inventory: ResolvedInventory): void {
  new TfcBootstrapStack(app, stackNames.tfcBootstrap(), inventory);
}
