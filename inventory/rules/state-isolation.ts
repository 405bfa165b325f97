/**
 * Two estates (prod, staging) never share Terraform state. Every default location carries the
 * inventory prefix (`terraform-state/<prefix>/`, `loghop/<prefix>/`, workspace `<prefix>-<stack>`),
 * so an explicit location must carry it too; stack names alone repeat from estate to estate.
 *
 * What one inventory cannot show: whether another estate uses the same prefix with the same
 * bucket, directory or TFC organization. The prefix also names every IAM role and queue of the
 * estate, so two estates in one account already need different prefixes; across accounts that
 * share a state bucket or TFC organization, keeping prefixes distinct is the operator's part.
 */
import type { InventoryProblem } from "../errors";
import type { BackendConfig, LocalBackendConfig, S3BackendConfig } from "../types";
import { pointer } from "../validate-pointer";
import type { InventoryRule } from "./types";

/** True when `prefix` is one whole `separator`-delimited part (or run of parts) of `value`. */
function carries(value: string, prefix: string, separator: string): boolean {
  return `${separator}${value}${separator}`.includes(`${separator}${prefix}${separator}`);
}

function stateLocationProblems(
  backend: LocalBackendConfig | S3BackendConfig,
  at: string,
  prefix: string,
): InventoryProblem[] {
  if (backend.type === "local" && backend.path !== undefined && !carries(backend.path, prefix, "/")) {
    return [
      {
        path: `${at}/path`,
        message:
          `state directory "${backend.path}" must contain the inventory prefix "${prefix}" as a path segment ` +
          `(e.g. "${backend.path}/${prefix}" or leave it out for terraform-state/${prefix}): ` +
          "stack names repeat in every estate, so another estate's state would land in the same files",
      },
    ];
  }
  if (backend.type === "s3" && backend.keyPrefix !== undefined && !carries(backend.keyPrefix, prefix, "/")) {
    return [
      {
        path: `${at}/keyPrefix`,
        message:
          `state key prefix "${backend.keyPrefix}" must contain the inventory prefix "${prefix}" as a key segment ` +
          `(e.g. "${backend.keyPrefix}/${prefix}" or leave it out for loghop/${prefix}): ` +
          "stack names repeat in every estate, so another estate's apply could overwrite this state",
      },
    ];
  }
  return [];
}

function backendProblems(backend: BackendConfig, prefix: string): InventoryProblem[] {
  const at = pointer("central", "backend");
  if (backend.type !== "cloud") return stateLocationProblems(backend, at, prefix);
  const problems: InventoryProblem[] = [];
  if (backend.workspacePrefix !== undefined && !carries(backend.workspacePrefix, prefix, "-")) {
    problems.push({
      path: `${at}/workspacePrefix`,
      message:
        `workspace prefix "${backend.workspacePrefix}" must contain the inventory prefix "${prefix}" as a ` +
        `-separated part (e.g. "${backend.workspacePrefix}-${prefix}" or leave it out for "${prefix}"): ` +
        "stack names repeat in every estate, so another estate would run in the same workspaces",
    });
  }
  if (backend.bootstrapState !== undefined) {
    problems.push(...stateLocationProblems(backend.bootstrapState, `${at}/bootstrapState`, prefix));
  }
  return problems;
}

const statePerEstate: InventoryRule = {
  id: "loghop:inventory:state-per-estate",
  description:
    "An explicit state directory, S3 key prefix or TFC workspace prefix contains the inventory prefix, so two estates never share state.",
  severity: "error",
  reads: ["/prefix", "/central/backend"],
  check: (inventory) =>
    inventory.central.backend === undefined ? [] : backendProblems(inventory.central.backend, inventory.prefix),
};

/**
 * S3 state without any lock: two applies at once (a CI deploy and a workstation) would both
 * write the state and lose one's resources from it.
 */
const s3StateLocked: InventoryRule = {
  id: "loghop:inventory:state-locking",
  description: "S3 state is locked: useLockfile is not false, or a DynamoDB lockTable is given.",
  severity: "error",
  reads: ["/central/backend"],
  check: (inventory) => {
    const backend = inventory.central.backend;
    const s3: Array<[S3BackendConfig, string]> = [];
    if (backend?.type === "s3") s3.push([backend, pointer("central", "backend")]);
    if (backend?.type === "cloud" && backend.bootstrapState?.type === "s3") {
      s3.push([backend.bootstrapState, `${pointer("central", "backend")}/bootstrapState`]);
    }
    return s3
      .filter(([config]) => config.useLockfile === false && config.lockTable === undefined)
      .map(([, at]) => ({
        path: `${at}/useLockfile`,
        message:
          "S3 state needs a lock: set useLockfile to true (Terraform >= 1.10, the default) or give a DynamoDB lockTable; " +
          "without one, two applies at once can lose resources from the state",
      }));
  },
};

export const stateIsolationRules: readonly InventoryRule[] = [statePerEstate, s3StateLocked];
