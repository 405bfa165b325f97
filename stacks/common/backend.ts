/**
 * The state backend of a stack, from `central.backend`. Every stack has its own
 * state (own key / workspace), so a bad apply in one cannot corrupt another; every
 * default location carries the inventory prefix, so two estates (prod, staging) never
 * share one (rule `loghop:inventory:state-per-estate` refuses explicit ones that would).
 */
import { CloudBackend, LocalBackend, NamedCloudWorkspace, S3Backend, type TerraformStack } from "cdktf";
import { DEFAULTS } from "../../inventory/defaults";
import { localStatePath, stateKey, statePrefix, workspaceName } from "../../inventory/names";
import type { ResolvedInventory } from "../../inventory/resolved";

/** From `<project>/cdktf.out/stacks/<stack>/` (where terraform runs) back to `<project>`. */
const STACK_DIR_TO_PROJECT = "../../..";

/** State of a stack the customer applies themselves: theirs, inside the directory handed to them. */
export const SELF_APPLIED_STATE_PATH = "terraform.tfstate";

export interface BackendOptions {
  /**
   * True for a customer stack without a deploy role: the customer applies it with their own
   * credentials and cannot reach our state bucket or Terraform Cloud organization (which has no
   * workspace for it), so its state stays local to the stack directory. Default false.
   */
  readonly selfApplied?: boolean;
}

export function configureBackend(
  stack: TerraformStack,
  inventory: ResolvedInventory,
  stackName: string,
  options: BackendOptions = {},
): void {
  if (options.selfApplied === true) {
    new LocalBackend(stack, { path: SELF_APPLIED_STATE_PATH });
    return;
  }
  const backend = inventory.central.backend;
  switch (backend.type) {
    case "local":
      // Relative on purpose: an absolute path would embed the synthesizing machine's
      // directory in cdk.tf.json. Terraform runs in <outdir>/stacks/<stack>/; climbing
      // three levels puts state next to cdktf.out (<project>/terraform-state/<prefix>/<stack>.tfstate),
      // outside the directory synth rewrites.
      new LocalBackend(stack, {
        path: `${STACK_DIR_TO_PROJECT}/${localStatePath(
          backend.path ?? statePrefix(DEFAULTS.localStateRoot, inventory.prefix),
          stackName,
        )}`,
      });
      return;
    case "s3": {
      const s3 = new S3Backend(stack, {
        bucket: backend.bucket,
        key: stateKey(backend.keyPrefix ?? statePrefix(DEFAULTS.s3KeyRoot, inventory.prefix), stackName),
        region: backend.region ?? inventory.central.regions[0],
        ...(backend.lockTable !== undefined ? { dynamodbTable: backend.lockTable } : {}),
        encrypt: true,
      });
      // cdktf 0.21's S3Backend props predate `use_lockfile` (Terraform >= 1.10), so it is set as
      // an override of the backend block.
      if (backend.useLockfile ?? DEFAULTS.s3UseLockfile) s3.addOverride("use_lockfile", true);
      return;
    }
    case "cloud":
      new CloudBackend(stack, {
        hostname: backend.hostname ?? DEFAULTS.tfcHostname,
        organization: backend.organization,
        workspaces: new NamedCloudWorkspace(
          workspaceName(backend.workspacePrefix ?? inventory.prefix, stackName),
          backend.project,
        ),
      });
      return;
  }
}
