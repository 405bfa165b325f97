/**
 * IAM documents of the TFC run roles. Built as plain objects at synth time so tests read exactly
 * what IAM will evaluate.
 */
import { oidcIssuerHost } from "../../inventory/names";
import type { TfcWorkspacePlan } from "./plan";

/**
 * Managed policy of a run role whose stack has NO deploy role in the inventory: the stack's AWS
 * provider then works with the run role's own credentials, so the run role needs every
 * permission the stack needs — which includes creating IAM roles, i.e. administrator in effect.
 * Named here, not hidden in the inventory, so a reviewer sees it; give the stack a
 * `deployRoleArn` to avoid it (the run role is then limited to assuming that one role).
 */
export const RUN_ROLE_POLICY_WITHOUT_DEPLOY_ROLE = "arn:aws:iam::aws:policy/AdministratorAccess";

/** Longest a run role session may last: TFC asks for one hour per plan / apply phase. */
export const RUN_ROLE_MAX_SESSION_SECONDS = 3600;

interface Statement {
  readonly Sid: string;
  readonly Effect: "Allow";
  readonly Principal?: { readonly Federated: string };
  readonly Action: string;
  readonly Resource?: string;
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

function document(statements: readonly Statement[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/**
 * Trust of one workspace's run role: TFC's OIDC provider in this account, the configured audience,
 * and this workspace's exact subject. Only the run phase is a wildcard (plan and apply both run
 * with the role); organization, project and workspace are literal, so no other workspace — of
 * this organization or any other — can assume it.
 */
export function runRoleTrustPolicy(
  workspace: TfcWorkspacePlan,
  oidcProviderArn: string,
  issuerUrl: string,
  audience: string,
): string {
  const host = oidcIssuerHost(issuerUrl);
  return document([
    {
      Sid: "TerraformCloudWorkspace",
      Effect: "Allow",
      Principal: { Federated: oidcProviderArn },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: {
        StringEquals: { [`${host}:aud`]: audience },
        StringLike: { [`${host}:sub`]: workspace.subject },
      },
    },
  ]);
}

/**
 * Permissions of a run role whose stack has a deploy role: only `sts:AssumeRole` on that one
 * role. The stack's provider assumes it (as it does when applied from a laptop), so the deploy
 * permissions stay where the account owner put them and TFC adds no new power to the account.
 */
export function assumeDeployRolePolicy(deployRoleArn: string): string {
  return document([{ Sid: "AssumeDeployRole", Effect: "Allow", Action: "sts:AssumeRole", Resource: deployRoleArn }]);
}
