/** Workspaces, their settings and variables in the synthesized tfc-bootstrap stack. */
import { resolveInventory } from "../../inventory/resolve";
import { laneGroups } from "../../stacks/lanes/lane-groups";
import { roleArn, stackNames, tfcPhaseRoleName, workspaceName } from "../../inventory/names";
import {
  ORGANIZATION,
  ownDeployRole,
  PROJECT,
  largeCloudInventory,
  resolvedCloudExample,
  resources,
  synthBootstrap,
  synthRawBootstrap,
  workspacesByName,
} from "./support/inventories";

describe("tfc-bootstrap workspaces", () => {
  const inventory = resolvedCloudExample();
  const json = synthBootstrap(inventory);

  it("creates one workspace per stack TFC deploys, named as the stacks' cloud backend names them", () => {
    // Prepare: the stacks of the example that TFC deploys (initech applies its own stack).
    const stacks = [
      stackNames.region("eu-west-1"),
      stackNames.region("us-east-1"),
      // Lane groups: first hex digit of sha256(cluster id) — rosa-eu-2 → 0, eks-eu-1 → b, eks-us-1 → 8.
      stackNames.lanes("eu-west-1", "0"),
      stackNames.lanes("eu-west-1", "b"),
      stackNames.lanes("us-east-1", "8"),
      stackNames.central(),
      stackNames.customer("globex"),
      stackNames.customer("umbrella"),
      stackNames.cluster("eks-eu-1"),
      stackNames.cluster("eks-us-1"),
      stackNames.cluster("rosa-eu-2"),
    ];

    // Act
    const names = [...workspacesByName(json).keys()].sort();

    // Assess
    expect(names).toStrictEqual(stacks.map((stack) => workspaceName("lh-prod", stack)).sort());
    expect(names).not.toContain("lh-prod-customer-initech");
  });

  it("puts every workspace in the project, working in the stack's synthesized directory", () => {
    const projects = resources(json, "tfe_project");
    expect(Object.values(projects)).toStrictEqual([{ name: PROJECT, organization: ORGANIZATION }]);
    const projectRef = `\${tfe_project.${Object.keys(projects)[0]}.id}`;

    for (const [name, ws] of workspacesByName(json)) {
      const stack = name.replace(/^lh-prod-/, "");
      expect(ws).toMatchObject({
        organization: ORGANIZATION,
        project_id: projectRef,
        working_directory: `cdktf.out/stacks/${stack}`,
        queue_all_runs: false,
        // Never true: the PR-readable plan token can make its own configuration the latest one.
        auto_apply_run_trigger: false,
        tags: expect.objectContaining({ "loghop-stack": stack }),
      });
    }
  });

  it("runs every workspace remotely", () => {
    const settings = Object.values(resources(json, "tfe_workspace_settings"));
    const ids = Object.keys(resources(json, "tfe_workspace")).map((id) => `\${tfe_workspace.${id}.id}`);

    expect(settings.map((s) => s["workspace_id"]).sort()).toStrictEqual(ids.sort());
    expect(new Set(settings.map((s) => s["execution_mode"]))).toStrictEqual(new Set(["remote"]));
  });

  it("gives the pull-request plan team plan-only access to the workspaces on TFC's runners, never an agent pool's", () => {
    // Prepare: rosa-eu-2 runs on an agent that holds its kubeconfig; a PR can read the plan token.
    const agents = synthBootstrap(resolvedCloudExample({ clusterAgentPools: { "rosa-eu-2": "apool-rosa" } }));
    const teams = resources(agents, "tfe_team");
    const planTeam = Object.entries(teams).find(([, team]) => team["name"] === "lh-prod-ci-plan");
    const deployTeam = Object.entries(teams).find(([, team]) => team["name"] === "lh-prod-ci-deploy");
    const workspaceIds = new Map(
      Object.entries(resources(agents, "tfe_workspace")).map(([id, ws]) => [`\${tfe_workspace.${id}.id}`, ws["name"]]),
    );

    // Act
    const access = Object.values(resources(agents, "tfe_team_access"));

    // Assess: one grant per remote workspace, all plan-only, none on the agent workspace, none project-wide.
    expect(planTeam?.[1]).toMatchObject({ visibility: "secret", organization: ORGANIZATION });
    expect(access.map((grant) => grant["team_id"])).toStrictEqual(access.map(() => `\${tfe_team.${planTeam?.[0]}.id}`));
    expect(access.map((grant) => workspaceIds.get(grant["workspace_id"])).sort()).toStrictEqual(
      [...workspacesByName(agents).keys()].filter((name) => name !== "lh-prod-cluster-rosa-eu-2").sort(),
    );
    for (const grant of access) {
      expect(grant["access"]).toBeUndefined();
      expect(grant["permissions"]).toStrictEqual([
        {
          runs: "plan",
          variables: "read",
          state_versions: "read",
          sentinel_mocks: "none",
          workspace_locking: false,
          run_tasks: false,
        },
      ]);
    }
    const projectAccess = Object.values(resources(agents, "tfe_team_project_access"));
    expect(projectAccess).toStrictEqual([
      {
        team_id: `\${tfe_team.${deployTeam?.[0]}.id}`,
        project_id: expect.stringMatching(/^\$\{tfe_project\./),
        access: "write",
      },
    ]);
  });

  it("runs a cluster's workspace on its agent pool when the inventory names one", () => {
    // Prepare: rosa-eu-2's API server is private; an agent pool in its network reaches it.
    const agents = synthBootstrap(resolvedCloudExample({ clusterAgentPools: { "rosa-eu-2": "apool-rosa" } }));

    // Act
    const settings = Object.values(resources(agents, "tfe_workspace_settings"));

    // Assess
    expect(settings.filter((s) => s["execution_mode"] === "agent")).toStrictEqual([
      {
        workspace_id: "${tfe_workspace.workspace-cluster-rosa-eu-2.id}",
        execution_mode: "agent",
        agent_pool_id: "apool-rosa",
      },
    ]);
    expect(settings.filter((s) => s["execution_mode"] === "remote")).toHaveLength(10);
  });

  it("points every workspace's plan phase at its own plan role and its apply phase at its own deploy role", () => {
    // Prepare: workspace resource reference → expected run role ARN in the stack's account.
    const accountOfStack: Record<string, string> = {
      "region-eu-west-1": "111111111111",
      "region-us-east-1": "111111111111",
      "lanes-eu-west-1-0": "111111111111",
      "lanes-eu-west-1-b": "111111111111",
      "lanes-us-east-1-8": "111111111111",
      central: "111111111111",
      "customer-globex": "222222222222",
      "customer-umbrella": "444444444444",
      "cluster-eks-eu-1": "555555555555",
      "cluster-eks-us-1": "555555555555",
      "cluster-rosa-eu-2": "666666666666",
    };
    const applyRoleOfStack: Record<string, string> = {
      "region-eu-west-1": ownDeployRole("111111111111", "region-eu-west-1"),
      "region-us-east-1": ownDeployRole("111111111111", "region-us-east-1"),
      // A lane stack applies with its region's deploy role (the region's trust domain).
      "lanes-eu-west-1-0": ownDeployRole("111111111111", "region-eu-west-1"),
      "lanes-eu-west-1-b": ownDeployRole("111111111111", "region-eu-west-1"),
      "lanes-us-east-1-8": ownDeployRole("111111111111", "region-us-east-1"),
      central: "arn:aws:iam::111111111111:role/loghop-deployer",
      "customer-globex": "arn:aws:iam::222222222222:role/loghop-deployer",
      "customer-umbrella": "arn:aws:iam::444444444444:role/loghop-deployer",
      "cluster-eks-eu-1": ownDeployRole("555555555555", "cluster-eks-eu-1"),
      "cluster-eks-us-1": ownDeployRole("555555555555", "cluster-eks-us-1"),
      // No deploy role in the inventory: the bootstrap's own apply role, confined to the Vector role.
      "cluster-rosa-eu-2": roleArn("666666666666", tfcPhaseRoleName("lh-prod", "cluster-rosa-eu-2", "apply")),
    };
    const variables = Object.values(resources(json, "tfe_variable"));

    for (const [id, ws] of Object.entries(resources(json, "tfe_workspace"))) {
      const stack = (ws["name"] as string).replace(/^lh-prod-/, "");
      const mine = variables.filter((v) => v["workspace_id"] === `\${tfe_workspace.${id}.id}`);

      // Act
      const env = Object.fromEntries(mine.map((v) => [v["key"], v["value"]]));

      // Assess
      const account = accountOfStack[stack] as string;
      expect(env).toStrictEqual({
        TFC_AWS_PROVIDER_AUTH: "true",
        TFC_AWS_PLAN_ROLE_ARN: roleArn(account, tfcPhaseRoleName("lh-prod", stack, "plan")),
        TFC_AWS_APPLY_ROLE_ARN: applyRoleOfStack[stack],
      });
      // One role for both phases is exactly what a pull request's plan must not get.
      expect(env).not.toHaveProperty("TFC_AWS_RUN_ROLE_ARN");
      expect(env["TFC_AWS_PLAN_ROLE_ARN"]).not.toBe(env["TFC_AWS_APPLY_ROLE_ARN"]);
      expect(new Set(mine.map((v) => v["category"]))).toStrictEqual(new Set(["env"]));
    }
  });

  it("sets TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE only when the audience is not TFC's default", () => {
    const custom = synthBootstrap(resolvedCloudExample({ audience: "loghop.tfc" }));

    const audienceVars = Object.values(resources(custom, "tfe_variable")).filter(
      (v) => v["key"] === "TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE",
    );
    const defaultVars = Object.values(resources(json, "tfe_variable")).filter(
      (v) => v["key"] === "TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE",
    );

    expect(audienceVars).toHaveLength(11);
    expect(new Set(audienceVars.map((v) => v["value"]))).toStrictEqual(new Set(["loghop.tfc"]));
    expect(defaultVars).toHaveLength(0);
  });

  it("honours the workspace prefix and a TFE hostname", () => {
    const json2 = synthBootstrap(resolvedCloudExample({ workspacePrefix: "acme-logs", hostname: "tfe.acme.example" }));

    expect([...workspacesByName(json2).keys()]).toContain("acme-logs-central");
    expect(json2["provider"]["tfe"]).toStrictEqual([{ hostname: "tfe.acme.example", organization: ORGANIZATION }]);
  });

  it("scales to a large estate with one workspace per deployed stack", () => {
    // Prepare: 60 tenants (20 self-applied), 12 clusters, 3 regions.
    const large = largeCloudInventory(60, 12, ["eu-west-1", "us-east-1", "ap-southeast-2"]);
    const inventory = resolveInventory(large);
    const laneStacks = inventory.central.regions.flatMap((region) => laneGroups(inventory, region));

    // Act
    const names = [...workspacesByName(synthRawBootstrap(large)).keys()];

    // Assess: one per lane group that holds a cluster, too.
    expect(laneStacks.length).toBeGreaterThan(3);
    expect(names).toHaveLength(3 + laneStacks.length + 1 + 40 + 12);
    for (const group of laneStacks) expect(names).toContain(`lh-prod-${group.stackName}`);
    expect(new Set(names).size).toBe(names.length);
    expect(names).not.toContain("lh-prod-customer-tenant-002");
    expect(names).toContain("lh-prod-customer-tenant-003");
  });
});
