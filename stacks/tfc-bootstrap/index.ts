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
  type TfcClusterPlan,
  type TfcPlan,
  type TfcWorkspacePlan,
} from "./plan";
export { BOUNDED_ROLE_ACTIONS, PLAN_ROLE_DENIED_ACTIONS, READ_ONLY_VERBS, UNBOUNDED_ROLE_ACTIONS } from "./policies";
export { TFC_AWS_ENV, TfcBootstrapStack } from "./tfc-bootstrap-stack";

/** Add the `tfc-bootstrap` stack to the app; main.ts calls this when the backend is `cloud`. */
export function addTfcBootstrap(app: App, inventory: ResolvedInventory): void {
  new TfcBootstrapStack(app, stackNames.tfcBootstrap(), inventory);
}
