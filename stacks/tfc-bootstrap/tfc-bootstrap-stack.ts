/**
 * `tfc-bootstrap`: everything Terraform Cloud needs before it can run the loghop stacks —
 * the project, one workspace per stack, the run triggers that order them, and in every AWS
 * account a workspace deploys into, TFC's OIDC provider and one run role per workspace
 * (dynamic provider credentials: no AWS key is stored anywhere). Applied once from a
 * workstation with admin credentials (it creates the roles TFC would need to apply it), and
 * again whenever a stack is added or removed.
 */
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Project } from "@cdktf/provider-tfe/lib/project";
import { TfeProvider } from "@cdktf/provider-tfe/lib/provider";
import { RunTrigger } from "@cdktf/provider-tfe/lib/run-trigger";
import { Variable } from "@cdktf/provider-tfe/lib/variable";
import { Workspace } from "@cdktf/provider-tfe/lib/workspace";
import { WorkspaceSettings } from "@cdktf/provider-tfe/lib/workspace-settings";
import { TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { DEFAULTS } from "../../inventory/defaults";
import { oidcProviderArn, synthesizedStackDirectory, tfcIssuerUrl } from "../../inventory/names";
import type { ResolvedInventory, ResolvedTfcSettings } from "../../inventory/resolved";
import { awsProvider, deploySessionName } from "../common/providers";
import { defaultTags } from "../common/tags";
import { configureBootstrapBackend } from "./backend";
import { planAccounts, planTfc, type TfcAccountPlan, type TfcPlan, type TfcWorkspacePlan } from "./plan";
import { RUN_ROLE_MAX_SESSION_SECONDS, runRolePermissions, runRoleTrustPolicy } from "./policies";

/** Environment variables TFC reads to mint AWS credentials for a run (its documented names). */
const TFC_AWS_ENV = {
  providerAuth: "TFC_AWS_PROVIDER_AUTH",
  runRoleArn: "TFC_AWS_RUN_ROLE_ARN",
  audience: "TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE",
} as const;

export class TfcBootstrapStack extends TerraformStack {
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
    for (const trigger of this.plan.triggers) {
      new RunTrigger(this, `trigger-${trigger.source}-to-${trigger.target}`, {
        sourceableId: mustGet(workspaceIds, trigger.source),
        workspaceId: mustGet(workspaceIds, trigger.target),
      });
    }

    const trusted: Record<string, string[]> = {};
    for (const account of planAccounts(this.plan)) {
      this.addAccount(inventory, account, settings, id);
      for (const ws of account.workspaces) {
        if (ws.deployRoleArn !== undefined) (trusted[ws.deployRoleArn] ??= []).push(ws.runRoleArn);
      }
    }
    // The deploy roles are the account owners', not ours: this is what their trust must allow.
    new TerraformOutput(this, "deploy-role-trusted-run-roles", {
      description: "Run roles each deploy role must trust (sts:AssumeRole) for TFC runs to reach it",
      value: trusted,
    });
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
      // Runs queued by a run trigger apply without a click, so one apply upstream rolls the layers.
      autoApplyRunTrigger: true,
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
      ["run-role-arn", TFC_AWS_ENV.runRoleArn, ws.runRoleArn],
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

  private addAccount(
    inventory: ResolvedInventory,
    account: TfcAccountPlan,
    settings: ResolvedTfcSettings,
    stackName: string,
  ): void {
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
    const providerArn = oidcProviderArn(account.accountId, issuerUrl);
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
      const role = new IamRole(this, `run-role-${ws.stackName}`, {
        provider,
        name: ws.runRoleName,
        description: `Terraform Cloud runs of workspace ${ws.workspaceName}`,
        assumeRolePolicy: runRoleTrustPolicy(ws, providerArn, issuerUrl, settings.audience),
        maxSessionDuration: RUN_ROLE_MAX_SESSION_SECONDS,
        // The trust names the provider by its known ARN (readable JSON); IAM rejects a trust on a
        // provider that does not exist yet, hence the explicit ordering.
        ...(oidc === undefined ? {} : { dependsOn: [oidc] }),
      });
      const permissions = runRolePermissions(ws);
      if (permissions.kind === "managed") {
        new IamRolePolicyAttachment(this, `run-role-policy-${ws.stackName}`, {
          provider,
          role: role.name,
          policyArn: permissions.policyArn,
        });
      } else {
        new IamRolePolicy(this, `run-role-policy-${ws.stackName}`, {
          provider,
          role: role.name,
          name: permissions.name,
          policy: permissions.policy,
        });
      }
    }
  }
}

function mustGet(map: ReadonlyMap<string, string>, key: string): string {
  const value = map.get(key);
  if (value === undefined) throw new Error(`run trigger names unknown stack ${key}`);
  return value;
}
