/**
 * `tfc-bootstrap`: everything Terraform Cloud needs before it can run the loghop stacks —
 * the project, one workspace per stack, the run triggers that order them, and in every AWS
 * account a workspace deploys into, TFC's OIDC provider, a read-only plan role per workspace,
 * an apply role for each cluster stack without a deploy role, and each cluster's Vector
 * permissions boundary (dynamic provider credentials: no AWS key is stored anywhere). Applied
 * once from a workstation with admin credentials (it creates the roles TFC would need to apply
 * it), and again whenever a stack is added or removed.
 */
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Project } from "@cdktf/provider-tfe/lib/project";
import { TfeProvider } from "@cdktf/provider-tfe/lib/provider";
import { RunTrigger } from "@cdktf/provider-tfe/lib/run-trigger";
import { Team } from "@cdktf/provider-tfe/lib/team";
import { TeamAccess } from "@cdktf/provider-tfe/lib/team-access";
import { TeamProjectAccess } from "@cdktf/provider-tfe/lib/team-project-access";
import { Variable } from "@cdktf/provider-tfe/lib/variable";
import { Workspace } from "@cdktf/provider-tfe/lib/workspace";
import { WorkspaceSettings } from "@cdktf/provider-tfe/lib/workspace-settings";
import { TerraformOutput } from "cdktf";
import { LoghopStack } from "../common/loghop-stack";
import type { Construct } from "constructs";
import { DEFAULTS } from "../../inventory/defaults";
import {
  oidcProviderArn,
  synthesizedStackDirectory,
  tfcCiTeamName,
  tfcIssuerUrl,
  vectorBoundaryPolicyName,
} from "../../inventory/names";
import type { ResolvedInventory, ResolvedTfcSettings } from "../../inventory/resolved";
import { awsProvider, deploySessionName } from "../common/providers";
import { defaultTags } from "../common/tags";
import { configureBootstrapBackend } from "./backend";
import { planAccounts, planTfc, type TfcAccountPlan, type TfcPlan, type TfcWorkspacePlan } from "./plan";
import { vectorPermissions } from "../cluster/cluster-policies";
import { policyJson } from "../common/policy-documents";
import {
  clusterApplyRolePolicy,
  deployRoleTrustStatement,
  phaseTrustPolicy,
  planRolePolicy,
  RUN_ROLE_MAX_SESSION_SECONDS,
  type TfcIdentityProvider,
} from "./policies";

/**
 * Environment variables TFC reads to mint AWS credentials for each phase of a run (HCP
 * Terraform's documented names): the plan phase assumes TFC_AWS_PLAN_ROLE_ARN, the apply phase
 * TFC_AWS_APPLY_ROLE_ARN. No TFC_AWS_RUN_ROLE_ARN: one role for both phases is what §1 forbids.
 */
export const TFC_AWS_ENV = {
  providerAuth: "TFC_AWS_PROVIDER_AUTH",
  planRoleArn: "TFC_AWS_PLAN_ROLE_ARN",
  applyRoleArn: "TFC_AWS_APPLY_ROLE_ARN",
  audience: "TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE",
} as const;

export class TfcBootstrapStack extends LoghopStack {
  readonly plan: TfcPlan;

  constructor(scope: Construct, id: string, inventory: ResolvedInventory) {
    super(scope, id);
    this.plan = planTfc(inventory);
    const { settings } = this.plan;
    configureBootstrapBackend(this, inventory, settings, id);

    // The token comes from TFE_TOKEN or `terraform login`, never from the configuration.
    new TfeProvider(this, "tfe", { hostname: settings.hostname, organization: settings.organization });
    const project = new Project(this, "project", { name: settings.project, organization: settings.organization });

    const workspaceIds = new Map<string, string>();
    for (const ws of this.plan.workspaces) {
      workspaceIds.set(ws.stackName, this.addWorkspace(ws, project, settings));
    }
    this.addCiTeams(project, settings, workspaceIds);
    for (const trigger of this.plan.triggers) {
      new RunTrigger(this, `trigger-${trigger.source}-to-${trigger.target}`, {
        sourceableId: mustGet(workspaceIds, trigger.source),
        workspaceId: mustGet(workspaceIds, trigger.target),
      });
    }

    const deployRoleTrust: Record<string, string> = {};
    for (const account of planAccounts(this.plan)) {
      const idp = this.addAccount(inventory, account, settings, id);
      const byRole = new Map<string, TfcWorkspacePlan[]>();
      for (const ws of account.workspaces) {
        if (ws.deployRoleArn !== undefined) byRole.set(ws.deployRoleArn, [...(byRole.get(ws.deployRoleArn) ?? []), ws]);
      }
      for (const [role, workspaces] of byRole) {
        deployRoleTrust[role] = JSON.stringify(deployRoleTrustStatement(workspaces, idp));
      }
    }
    // The deploy roles are the account owners', not ours: each is the apply role of one workspace
    // (a region's: of its lane stacks' too), and its trust policy must hold this statement (the
    // apply phase of exactly those workspaces).
    new TerraformOutput(this, "deploy-role-trust-statements", {
      description:
        "Statement each deploy role's trust policy must add: the apply phase of its workspace (a region's role: and of its lane stacks)",
      value: deployRoleTrust,
    });
  }

  /**
   * The two teams whose tokens CI holds. The plan team gets workspace-level access, and only to
   * workspaces on TFC's own runners: a pull request can read its token, and a plan queued on an
   * agent pool would run the PR's code on an agent that holds the cluster's kubeconfig. Project
   * access would include every agent workspace, present and future.
   */
  private addCiTeams(project: Project, settings: ResolvedTfcSettings, workspaceIds: ReadonlyMap<string, string>): void {
    const planTeam = new Team(this, "ci-plan-team", {
      name: tfcCiTeamName(settings.workspacePrefix, "plan"),
      organization: settings.organization,
      visibility: "secret",
    });
    for (const ws of this.plan.workspaces) {
      if (ws.agentPoolId !== undefined) continue;
      new TeamAccess(this, `ci-plan-access-${ws.stackName}`, {
        teamId: planTeam.id,
        workspaceId: mustGet(workspaceIds, ws.stackName),
        permissions: [
          {
            runs: "plan",
            variables: "read",
            stateVersions: "read",
            sentinelMocks: "none",
            workspaceLocking: false,
            runTasks: false,
          },
        ],
      });
    }
    const deployTeam = new Team(this, "ci-deploy-team", {
      name: tfcCiTeamName(settings.workspacePrefix, "deploy"),
      organization: settings.organization,
      visibility: "secret",
    });
    new TeamProjectAccess(this, "ci-deploy-access", { teamId: deployTeam.id, projectId: project.id, access: "write" });
  }

  private addWorkspace(ws: TfcWorkspacePlan, project: Project, settings: ResolvedTfcSettings): string {
    const workspace = new Workspace(this, `workspace-${ws.stackName}`, {
      name: ws.workspaceName,
      organization: settings.organization,
      projectId: project.id,
      description: `loghop ${ws.stackName} stack (${ws.layer} layer), managed by the tfc-bootstrap stack`,
      workingDirectory: synthesizedStackDirectory(ws.stackName),
      // A new workspace has no configuration yet: a run queued on creation could only fail.
      queueAllRuns: false,
      // A triggered run takes the workspace's latest configuration version, and the plan team (whose
      // token a pull request can read) may upload one with a normal plan; auto-applying triggered
      // runs would apply that configuration with the deploy role. CI deploys the layers in order.
      autoApplyRunTrigger: false,
      tags: { "loghop-stack": ws.stackName, "loghop-layer": ws.layer },
    });
    // execution_mode on tfe_workspace is deprecated in favour of tfe_workspace_settings.
    new WorkspaceSettings(this, `workspace-settings-${ws.stackName}`, {
      workspaceId: workspace.id,
      ...(ws.agentPoolId === undefined
        ? { executionMode: "remote" }
        : { executionMode: "agent", agentPoolId: ws.agentPoolId }),
    });
    const env: [string, string, string][] = [
      ["provider-auth", TFC_AWS_ENV.providerAuth, "true"],
      ["plan-role-arn", TFC_AWS_ENV.planRoleArn, ws.planRoleArn],
      ["apply-role-arn", TFC_AWS_ENV.applyRoleArn, ws.applyRoleArn],
    ];
    if (settings.audience !== DEFAULTS.tfcAudience) env.push(["audience", TFC_AWS_ENV.audience, settings.audience]);
    for (const [suffix, key, value] of env) {
      new Variable(this, `variable-${ws.stackName}-${suffix}`, {
        workspaceId: workspace.id,
        category: "env",
        key,
        value,
        description: "AWS dynamic provider credentials (set by tfc-bootstrap)",
      });
    }
    return workspace.id;
  }

  /** The account's OIDC provider, its workspaces' phase roles and its clusters' Vector boundaries. */
  private addAccount(
    inventory: ResolvedInventory,
    account: TfcAccountPlan,
    settings: ResolvedTfcSettings,
    stackName: string,
  ): TfcIdentityProvider {
    const provider = awsProvider(this, `aws-${account.accountId}`, {
      alias: `account_${account.accountId}`,
      // IAM is global; any region of the estate will do (planTfc has refused an empty list).
      region: inventory.central.regions[0] as string,
      deployRoleArn: account.bootstrapRoleArn,
      // Stops before any change if the credentials reach another account than intended.
      allowedAccountIds: [account.accountId],
      sessionName: deploySessionName(stackName),
      tags: defaultTags(inventory, { Stack: stackName }),
    });
    const issuerUrl = tfcIssuerUrl(settings.hostname);
    const idp: TfcIdentityProvider = {
      providerArn: oidcProviderArn(account.accountId, issuerUrl),
      issuerUrl,
      audience: settings.audience,
    };
    // No thumbprint: IAM verifies TFC's certificate against its own trusted CAs, and
    // hashicorp/aws 6.x no longer requires the list.
    const oidc = settings.existingOidcProviderAccountIds.includes(account.accountId)
      ? undefined
      : new IamOpenidConnectProvider(this, `tfc-oidc-${account.accountId}`, {
          provider,
          url: issuerUrl,
          clientIdList: [settings.audience],
        });
    for (const ws of account.workspaces) {
      this.addPhaseRole(provider, ws, "plan", ws.planRoleName, planRolePolicy(this.plan, ws), idp, oidc);
      const cluster = ws.layer === "cluster" ? inventory.clusters.find((c) => c.id === ws.entityId) : undefined;
      if (cluster === undefined) continue;
      // Before the cluster stack can create its Vector role with it (IAM refuses an unknown boundary).
      new IamPolicy(this, `vector-boundary-${ws.stackName}`, {
        provider,
        name: vectorBoundaryPolicyName(inventory.prefix, cluster.id),
        description: `loghop: the most the Vector role of ${cluster.id} may ever hold`,
        policy: policyJson(vectorPermissions(inventory, cluster)),
      });
      if (ws.bootstrapApplyRoleName !== undefined) {
        this.addPhaseRole(provider, ws, "apply", ws.bootstrapApplyRoleName, clusterApplyRolePolicy(ws), idp, oidc);
      }
    }
    return idp;
  }

  private addPhaseRole(
    provider: AwsProvider,
    ws: TfcWorkspacePlan,
    phase: "plan" | "apply",
    roleName: string,
    policy: string,
    idp: TfcIdentityProvider,
    oidc: IamOpenidConnectProvider | undefined,
  ): void {
    const role = new IamRole(this, `${phase}-role-${ws.stackName}`, {
      provider,
      name: roleName,
      description: `Terraform Cloud ${phase} phase of workspace ${ws.workspaceName}`,
      assumeRolePolicy: phaseTrustPolicy(ws, phase, idp),
      maxSessionDuration: RUN_ROLE_MAX_SESSION_SECONDS,
      // The trust names the provider by its known ARN (readable JSON); IAM rejects a trust on a
      // provider that does not exist yet, hence the explicit ordering.
      ...(oidc === undefined ? {} : { dependsOn: [oidc] }),
    });
    new IamRolePolicy(this, `${phase}-role-policy-${ws.stackName}`, {
      provider,
      role: role.name,
      name: phase === "plan" ? "read-only-plan" : "manage-vector-role-within-boundary",
      policy,
    });
  }
}

function mustGet(map: ReadonlyMap<string, string>, key: string): string {
  const value = map.get(key);
  if (value === undefined) throw new Error(`run trigger names unknown stack ${key}`);
  return value;
}
