/**
 * IAM documents of the TFC phase roles and of the Vector role's permissions boundary. Built as
 * plain objects at synth time so tests read exactly what IAM will evaluate.
 *
 * Every workspace gets a read-only plan role the bootstrap owns. The apply phase uses the stack's
 * deploy role from the inventory (its owner grants it, and adds the trust statement the bootstrap
 * outputs); only a cluster stack without one gets a bootstrap apply role, confined to its Vector
 * role and to the boundary below.
 */
import {
  centralAssumePolicyNamePrefix,
  centralNames,
  customerRoleName,
  iamPolicyArn,
  oidcIssuerHost,
  oidcProviderArn,
  processorRolePath,
  processorWorkerRoleName,
  roleArn,
} from "../../inventory/names";
import { policyDocument, policyJson, type PolicyStatement } from "../common/policy-documents";
import { TfcBootstrapError } from "./errors";
import type { DeployLayer, TfcClusterPlan, TfcPlan, TfcWorkspacePlan } from "./plan";

/** Compact JSON of the given statements, as every loghop stack serialises its policies. */
function document(statements: readonly PolicyStatement[]): string {
  return policyJson(policyDocument(statements));
}

/** Longest a phase role session may last: TFC asks for one hour per plan / apply phase. */
export const RUN_ROLE_MAX_SESSION_SECONDS = 3600;

/** Where a phase role's trust comes from: TFC's OIDC provider in the role's account, and the audience. */
export interface TfcIdentityProvider {
  readonly providerArn: string;
  readonly issuerUrl: string;
  readonly audience: string;
}

/**
 * The statement that lets one phase of one workspace's runs assume a role: TFC's OIDC provider,
 * the configured audience, and the exact `sub` (organization, project, workspace and run phase
 * all literal, `StringEquals`), so no other workspace and no other phase can assume it. The
 * bootstrap's own roles use it, and it is what each deploy role's owner adds for the apply phase.
 */
export function phaseTrustStatement(
  workspace: TfcWorkspacePlan,
  phase: "plan" | "apply",
  idp: TfcIdentityProvider,
): PolicyStatement {
  const host = oidcIssuerHost(idp.issuerUrl);
  return {
    Sid: phase === "plan" ? "TerraformCloudPlanPhase" : "TerraformCloudApplyPhase",
    Effect: "Allow",
    Principal: { Federated: idp.providerArn },
    Action: "sts:AssumeRoleWithWebIdentity",
    Condition: {
      StringEquals: {
        [`${host}:aud`]: idp.audience,
        [`${host}:sub`]: phase === "plan" ? workspace.planSubject : workspace.applySubject,
      },
    },
  };
}

/**
 * What a deploy role's owner adds to its trust: the apply phase of the workspaces that apply with
 * it — one, or a region's and its lane stacks' (one trust domain, see plan.ts). Still exact
 * subjects: `StringEquals` with a list matches one of them, never a pattern.
 */
export function deployRoleTrustStatement(
  workspaces: readonly TfcWorkspacePlan[],
  idp: TfcIdentityProvider,
): PolicyStatement {
  const [first] = workspaces;
  if (first === undefined) throw new TfcBootstrapError("a deploy role trust statement needs a workspace");
  const statement = phaseTrustStatement(first, "apply", idp);
  if (workspaces.length === 1) return statement;
  const host = oidcIssuerHost(idp.issuerUrl);
  return {
    ...statement,
    Condition: {
      StringEquals: {
        [`${host}:aud`]: idp.audience,
        [`${host}:sub`]: workspaces.map((ws) => ws.applySubject),
      },
    },
  };
}

export function phaseTrustPolicy(
  workspace: TfcWorkspacePlan,
  phase: "plan" | "apply",
  idp: TfcIdentityProvider,
): string {
  return document([phaseTrustStatement(workspace, phase, idp)]);
}

/** Services whose resources each layer's stack manages (besides its IAM roles): what its plan reads. */
const PLAN_READ_SERVICES: Readonly<Record<DeployLayer, readonly string[]>> = {
  region: ["cloudwatch", "dynamodb", "kms", "lambda", "logs", "s3", "sns"],
  // Access points, queues, subscriptions, mappings, alarms; the region key's alias (data source).
  lanes: ["cloudwatch", "kms", "lambda", "s3", "sns", "sqs"],
  central: [],
  customer: ["logs"],
  cluster: [],
};

/** The only verbs a plan role is given. */
export const READ_ONLY_VERBS = ["Describe", "Get", "List"] as const;

/**
 * Reads that return log content or mint power rather than describe configuration, refused even
 * where a `Get*`/`List*` would match: staged log objects, log events and query results (a plan
 * needs none of them), and any role assumption or role passing (a plan must never reach a
 * credential that writes, even through a deploy role whose trust names the plan role).
 */
export const PLAN_ROLE_DENIED_ACTIONS = [
  "iam:PassRole",
  "logs:GetLogEvents",
  "logs:GetLogRecord",
  "logs:GetQueryResults",
  "s3:GetObject*",
  "sts:AssumeRole",
] as const;

/** IAM roles and managed policies a layer's stack creates: the only IAM resources its plan reads. */
function stackIamResources(plan: TfcPlan, ws: TfcWorkspacePlan): string[] {
  const { prefix } = plan;
  switch (ws.layer) {
    case "region":
      return [roleArn(ws.accountId, centralNames.processorRole(prefix, ws.entityId), processorRolePath(prefix))];
    case "lanes":
      return [
        // The in-cluster workers' roles (`<prefix>-<cluster>-worker`) and the OIDC providers they trust.
        roleArn(ws.accountId, processorWorkerRoleName(prefix, "*"), processorRolePath(prefix)),
        oidcProviderArn(ws.accountId, "*"),
      ];
    case "central":
      return [
        roleArn(ws.accountId, centralNames.centralRole(prefix)),
        // The central role's AssumeRole targets are split over numbered managed policies.
        iamPolicyArn(ws.accountId, `${centralAssumePolicyNamePrefix(prefix)}*`),
      ];
    case "customer":
      return [roleArn(ws.accountId, customerRoleName(prefix, ws.entityId))];
    case "cluster":
      return [requireCluster(ws).vectorRoleArn, requireCluster(ws).vectorBoundaryArn];
  }
}

function requireCluster(ws: TfcWorkspacePlan): TfcClusterPlan {
  if (ws.cluster === undefined) throw new TfcBootstrapError(`${ws.stackName}: no Vector role in the plan`);
  return ws.cluster;
}

function readActions(service: string): string[] {
  return READ_ONLY_VERBS.map((verb) => `${service}:${verb}*`);
}

/**
 * Permissions of a workspace's plan role: `Describe*`/`Get*`/`List*` of the services its stack
 * manages, IAM reads only on the stack's own roles and policies, and nothing else — no write, no
 * AssumeRole, no PassRole, no log content. This is all a speculative plan of a pull request runs
 * with, so it is all a hostile pull request can reach in AWS.
 */
export function planRolePolicy(plan: TfcPlan, ws: TfcWorkspacePlan): string {
  const services = PLAN_READ_SERVICES[ws.layer];
  return document([
    ...(services.length === 0
      ? []
      : [
          {
            Sid: "ReadWhatTheStackManages",
            Effect: "Allow" as const,
            Action: services.flatMap(readActions),
            Resource: "*",
          },
        ]),
    {
      Sid: "ReadTheStackIamResources",
      Effect: "Allow",
      Action: readActions("iam"),
      Resource: stackIamResources(plan, ws),
    },
    { Sid: "NeverWriteAssumeOrReadLogs", Effect: "Deny", Action: [...PLAN_ROLE_DENIED_ACTIONS], Resource: "*" },
  ]);
}

/**
 * IAM calls that grant or change what a role may do. IAM evaluates `iam:PermissionsBoundary` on
 * each of them (it is the boundary the role has, or is given): allowed only with the Vector
 * boundary, so whatever a run writes into the role, the role can do no more than the boundary.
 * AttachRolePolicy / DetachRolePolicy are left out: the cluster stack attaches no managed policy.
 */
export const BOUNDED_ROLE_ACTIONS = [
  "iam:CreateRole",
  "iam:DeleteRolePolicy",
  "iam:PutRolePermissionsBoundary",
  "iam:PutRolePolicy",
] as const;

/**
 * The rest of what the AWS provider calls to refresh, update and destroy an `aws_iam_role` with
 * tags and an inline policy. None changes what the role may do (IAM has no boundary condition
 * for them); the trust (UpdateAssumeRolePolicy) decides who may act as the role, whose reach the
 * boundary caps anyway.
 */
export const UNBOUNDED_ROLE_ACTIONS = [
  "iam:DeleteRole",
  "iam:GetRole",
  "iam:GetRolePolicy",
  "iam:ListAttachedRolePolicies",
  "iam:ListInstanceProfilesForRole",
  "iam:ListRolePolicies",
  "iam:ListRoleTags",
  "iam:TagRole",
  "iam:UntagRole",
  "iam:UpdateAssumeRolePolicy",
  "iam:UpdateRole",
  "iam:UpdateRoleDescription",
] as const;

/** Edits of a managed policy: refused on the boundary, so no run can widen it. */
const POLICY_EDIT_ACTIONS = [
  "iam:CreatePolicyVersion",
  "iam:DeletePolicy",
  "iam:DeletePolicyVersion",
  "iam:SetDefaultPolicyVersion",
] as const;

/**
 * Permissions of the bootstrap's apply role for a cluster stack without a deploy role (issue 9
 * §2): manage exactly that cluster's Vector role, create it and change its permissions only with
 * the Vector boundary, never remove the boundary or swap it for another, never edit the boundary
 * policy. No other role, no PassRole: a compromised run can at most make Vector's role do what
 * the boundary allows — stage under its own cluster's prefix.
 */
export function clusterApplyRolePolicy(ws: TfcWorkspacePlan): string {
  const { vectorRoleArn, vectorBoundaryArn } = requireCluster(ws);
  return document([
    {
      Sid: "ChangeVectorRoleOnlyWithItsBoundary",
      Effect: "Allow",
      Action: [...BOUNDED_ROLE_ACTIONS],
      Resource: vectorRoleArn,
      Condition: { StringEquals: { "iam:PermissionsBoundary": vectorBoundaryArn } },
    },
    { Sid: "ManageVectorRole", Effect: "Allow", Action: [...UNBOUNDED_ROLE_ACTIONS], Resource: vectorRoleArn },
    { Sid: "NeverRemoveTheBoundary", Effect: "Deny", Action: "iam:DeleteRolePermissionsBoundary", Resource: "*" },
    {
      Sid: "NeverAnotherBoundary",
      Effect: "Deny",
      Action: ["iam:CreateRole", "iam:PutRolePermissionsBoundary"],
      Resource: "*",
      Condition: { StringNotEquals: { "iam:PermissionsBoundary": vectorBoundaryArn } },
    },
    { Sid: "NeverEditTheBoundary", Effect: "Deny", Action: [...POLICY_EDIT_ACTIONS], Resource: vectorBoundaryArn },
  ]);
}
