/**
 * IAM documents of the TFC run roles. Built as plain objects at synth time so tests read exactly
 * what IAM will evaluate.
 */
import { oidcIssuerHost } from "../../inventory/names";
import { policyDocument, policyJson, type PolicyStatement } from "../common/policy-documents";
import { TfcBootstrapError } from "./errors";
import type { TfcWorkspacePlan } from "./plan";

/** Compact JSON of the given statements, as every loghop stack serialises its policies. */
function document(statements: readonly PolicyStatement[]): string {
  return policyJson(policyDocument(statements));
}

/**
 * Managed policy of a `central` or `region-*` run role when `central.deployRoleArn` is absent: the
 * stack's AWS provider then works with the run role's own credentials, and those stacks create IAM
 * roles, KMS keys, buckets, queues, tables and Lambda functions under generated names — a scoped
 * policy would be a long list that drifts with every stack change, and its IAM half (create roles
 * and pass them) is administrator in effect anyway. So these two layers keep AdministratorAccess,
 * named here so a reviewer sees it, and validation warns
 * (`loghop:inventory:cloud-stack-without-deploy-role`); a `central.deployRoleArn` removes it.
 * Cluster run roles never get it (see `manageVectorRolePolicy`); customer workspaces exist only
 * for tenants with a deploy role.
 */
export const RUN_ROLE_POLICY_WITHOUT_DEPLOY_ROLE = "arn:aws:iam::aws:policy/AdministratorAccess";

/** Longest a run role session may last: TFC asks for one hour per plan / apply phase. */
export const RUN_ROLE_MAX_SESSION_SECONDS = 3600;

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
function assumeDeployRolePolicy(deployRoleArn: string): string {
  return document([{ Sid: "AssumeDeployRole", Effect: "Allow", Action: "sts:AssumeRole", Resource: deployRoleArn }]);
}

/**
 * Every IAM call the AWS provider makes to create, refresh, update and destroy an `aws_iam_role`
 * with tags and an `aws_iam_role_policy` on it — the cluster stack's only AWS resources. Reading the
 * caller identity (`allowed_account_ids`) needs no permission.
 */
export const VECTOR_ROLE_ACTIONS = [
  "iam:CreateRole",
  "iam:DeleteRole",
  "iam:DeleteRolePolicy",
  "iam:GetRole",
  "iam:GetRolePolicy",
  "iam:ListAttachedRolePolicies",
  "iam:ListInstanceProfilesForRole",
  "iam:ListRolePolicies",
  "iam:ListRoleTags",
  "iam:PutRolePolicy",
  "iam:TagRole",
  "iam:UntagRole",
  "iam:UpdateAssumeRolePolicy",
  "iam:UpdateRole",
  "iam:UpdateRoleDescription",
] as const;

/**
 * Permissions of a cluster run role without a deploy role: manage Vector's IRSA role and its inline
 * policy, that one role ARN and nothing else. It cannot attach managed policies or pass the role,
 * so the worst a compromised run can do is change what Vector may write to the staging bucket.
 */
function manageVectorRolePolicy(vectorRoleArn: string): string {
  return document([
    { Sid: "ManageVectorIrsaRole", Effect: "Allow", Action: [...VECTOR_ROLE_ACTIONS], Resource: vectorRoleArn },
  ]);
}

/** What a run role may do: an inline policy, or (central and region stacks only) a managed one. */
export type RunRolePermissions =
  | { readonly kind: "inline"; readonly name: string; readonly policy: string }
  | { readonly kind: "managed"; readonly policyArn: string };

/** The least a workspace's run role needs, by whether its stack has a deploy role and its layer. */
export function runRolePermissions(ws: TfcWorkspacePlan): RunRolePermissions {
  if (ws.deployRoleArn !== undefined) {
    return { kind: "inline", name: "assume-deploy-role", policy: assumeDeployRolePolicy(ws.deployRoleArn) };
  }
  switch (ws.layer) {
    case "cluster":
      if (ws.vectorRoleArn === undefined) throw new TfcBootstrapError(`${ws.stackName}: no Vector role in the plan`);
      return { kind: "inline", name: "manage-vector-role", policy: manageVectorRolePolicy(ws.vectorRoleArn) };
    case "customer":
      // planTfc gives only tenants with a deploy role a workspace; refuse rather than widen.
      throw new TfcBootstrapError(`${ws.stackName}: a customer workspace needs the tenant's deployRoleArn`);
    case "central":
    case "region":
      return { kind: "managed", policyArn: RUN_ROLE_POLICY_WITHOUT_DEPLOY_ROLE };
  }
}
