/** Inputs the bootstrap refuses, and the TFC name builders. */
import { IAM_ROLE_NAME_MAX, tfcPhaseRoleName, tfcTokenEnvName, tfcWorkloadSubject } from "../../inventory/names";
import { resolveInventory } from "../../inventory/resolve";
import { planAccounts, planTfc, TfcBootstrapError, workspaceLayers } from "../../stacks/tfc-bootstrap";
import { validateInventoryValue } from "../../inventory/validate";
import type { Inventory } from "../../inventory/types";
import { buildStacks } from "../../stacks/app";
import { GLOBEX_OWN_ROLE, withBackend } from "../stacks/support/inventories";
import { fakeProcessorBundle, synthApp } from "../stacks/support/synth";
import { cloudExample, EXAMPLE_AGENT_POOLS, largeCloudInventory, resolvedCloudExample } from "./support/inventories";

describe("planTfc", () => {
  it("refuses an inventory whose backend is not cloud", () => {
    const local = withBackend(cloudExample(), { type: "local" });

    expect(() => planTfc(local)).toThrow(TfcBootstrapError);
    expect(() => planTfc(local)).toThrow(/backend.type is "local".*need "cloud"/);
  });

  it("refuses more than one account without a deploy role", () => {
    // Prepare: the example already has one (rosa-eu-2's account); drop the roles of account 555… too.
    const raw = cloudExample();
    const clusters = raw.clusters.map(({ deployRoleArn: _drop, ...cluster }) => cluster);

    const plan = planTfc(resolveInventory({ ...raw, clusters }));

    expect(() => planAccounts(plan)).toThrow(/accounts 555555555555, 666666666666 have no deploy role/);
  });

  it("refuses more regions than TFC lets trigger one workspace", () => {
    const regions = Array.from({ length: 21 }, (_, i) => `xx-region-${i}`);
    const inventory = resolveInventory(largeCloudInventory(3, 1, regions));

    expect(() => planTfc(inventory)).toThrow(/21 regions.*at most 20/);
  });

  it("refuses an agent pool for a cluster the inventory does not have", () => {
    const inventory = resolvedCloudExample({ clusterAgentPools: { "eks-eu-9": "apool-1" } });

    expect(() => planTfc(inventory)).toThrow(
      /clusterAgentPools names clusters that are not in the inventory: eks-eu-9/,
    );
  });

  it("lists the deploy layers in order, without empty layers", () => {
    const layers = workspaceLayers(planTfc(resolvedCloudExample()));

    expect(layers.map((layer) => layer.map((ws) => ws.stackName))).toStrictEqual([
      ["region-eu-west-1", "region-us-east-1"],
      ["lanes-eu-west-1-0", "lanes-eu-west-1-b", "lanes-us-east-1-8"],
      ["central"],
      ["customer-globex", "customer-umbrella"],
      ["cluster-eks-eu-1", "cluster-eks-us-1", "cluster-rosa-eu-2"],
    ]);
  });

  it("names the self-applied tenants, which get no workspace", () => {
    expect(planTfc(resolvedCloudExample()).selfAppliedTenants).toStrictEqual(["initech"]);
  });
});

describe("TFC name builders", () => {
  it("keeps phase role names within IAM's 64 characters and distinct", () => {
    // Prepare: two long tenant ids that share their first 50 characters.
    const stem = "customer-" + "a".repeat(50);

    const first = tfcPhaseRoleName("lh-prod-eu-platform", `${stem}-one`, "plan");
    const second = tfcPhaseRoleName("lh-prod-eu-platform", `${stem}-two`, "plan");

    expect(first.length).toBeLessThanOrEqual(IAM_ROLE_NAME_MAX);
    expect(second.length).toBeLessThanOrEqual(IAM_ROLE_NAME_MAX);
    expect(first).not.toBe(second);
    expect(first).toMatch(/^lh-prod-eu-platform-tfc-customer-a+-[0-9a-f]{8}$/);
    expect(tfcPhaseRoleName("lh-prod", "central", "plan")).toBe("lh-prod-tfc-central-plan");
    expect(tfcPhaseRoleName("lh-prod", "central", "apply")).toBe("lh-prod-tfc-central-apply");
  });

  it("encodes a hostname into Terraform's token variable name", () => {
    expect(tfcTokenEnvName("app.terraform.io")).toBe("TF_TOKEN_app_terraform_io");
    expect(tfcTokenEnvName("tfe.my-corp.example")).toBe("TF_TOKEN_tfe_my__corp_example");
  });

  it("builds the workload identity subject of one phase of one workspace, HCP Terraform's format", () => {
    expect(tfcWorkloadSubject("acme", "logs", "lh-prod-central", "plan")).toBe(
      "organization:acme:project:logs:workspace:lh-prod-central:run_phase:plan",
    );
    expect(tfcWorkloadSubject("acme", "logs", "lh-prod-central", "apply")).toBe(
      "organization:acme:project:logs:workspace:lh-prod-central:run_phase:apply",
    );
  });
});

describe("planTfc with a tenant that owns its delivery role", () => {
  // globex brings deliveryRoleArn (and so no deploy role): it has no customer stack to deploy.
  const owned = (): Inventory => {
    const cloud = cloudExample({ clusterAgentPools: EXAMPLE_AGENT_POOLS });
    return {
      ...cloud,
      tenants: cloud.tenants.map(({ deployRoleArn, ...tenant }) =>
        tenant.id === "globex"
          ? { ...tenant, deliveryRoleArn: GLOBEX_OWN_ROLE }
          : { ...tenant, ...(deployRoleArn === undefined ? {} : { deployRoleArn }) },
      ),
    };
  };

  it("gives it no workspace, no run trigger and does not count it as self-applied", () => {
    const raw = owned();
    expect(validateInventoryValue(raw)).toMatchObject({ ok: true });
    const plan = planTfc(resolveInventory(raw));

    expect(plan.workspaces.map((ws) => ws.stackName)).not.toContain("customer-globex");
    expect(workspaceLayers(plan)[3]!.map((ws) => ws.stackName)).toStrictEqual(["customer-umbrella"]);
    expect(plan.triggers.filter((t) => t.source === "customer-globex" || t.target === "customer-globex")).toStrictEqual(
      [],
    );
    expect(plan.selfAppliedTenants).toStrictEqual(["initech"]);
  });

  it("deploys exactly the stacks the app synthesizes (one list of customer stacks)", () => {
    const inventory = resolveInventory(owned());
    const bundle = fakeProcessorBundle();
    const synth = synthApp((app) => buildStacks(app, inventory, { processorBundleDir: bundle.dir }));
    try {
      const planned = planTfc(inventory).workspaces.map((ws) => ws.stackName);
      const customerStacks = synth.stackNames.filter((name) => name.startsWith("customer-"));
      expect(customerStacks).toStrictEqual(["customer-initech", "customer-umbrella"]);
      // initech applies its own stack; globex has none at all.
      expect(planned.filter((name) => name.startsWith("customer-"))).toStrictEqual(["customer-umbrella"]);
    } finally {
      synth.cleanup();
      bundle.cleanup();
    }
  });
});
