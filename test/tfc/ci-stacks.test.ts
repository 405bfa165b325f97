/** The CI helpers: which stacks changed, and which workspaces exist in Terraform Cloud. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { changedStacks } from "../../ci/changed-stacks";
import type { Fetch } from "../../ci/tfc-api";
import { runTfcStacks, type TfcStacksIo } from "../../ci/tfc-stacks";
import { planTfc, TfcBootstrapError } from "../../stacks/tfc-bootstrap";
import { EXAMPLE_AGENT_POOLS, resolvedCloudExample } from "./support/inventories";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "loghop-stacks-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Write `<dir>/<side>/stacks/<stack>/cdk.tf.json`. */
function synthesized(side: string, stack: string, content: string): void {
  mkdirSync(join(dir, side, "stacks", stack), { recursive: true });
  writeFileSync(join(dir, side, "stacks", stack, "cdk.tf.json"), content);
}

/** A fake TFC API where only `existing` workspaces exist; records the requests. */
function fakeTfc(existing: readonly string[], status?: number): { fetch: Fetch; urls: string[]; auth: string[] } {
  const urls: string[] = [];
  const auth: string[] = [];
  return {
    urls,
    auth,
    fetch: async (url, init) => {
      urls.push(url);
      auth.push(init.headers["Authorization"] ?? "");
      const name = decodeURIComponent(url.slice(url.lastIndexOf("/") + 1));
      return { status: status ?? (existing.includes(name) ? 200 : 404) };
    },
  };
}

function io(fetch: Fetch, env: NodeJS.ProcessEnv = { TF_TOKEN_app_terraform_io: "t0ken" }) {
  const out: string[] = [];
  const err: string[] = [];
  const value: TfcStacksIo = { env, fetch, out: (l) => out.push(l), err: (l) => err.push(l) };
  return { value, out, err };
}

describe("changedStacks", () => {
  it("lists new and different stacks in the order given, not unchanged or absent ones", () => {
    synthesized("base", "central", "{}");
    synthesized("head", "central", "{}");
    synthesized("base", "region-eu-west-1", '{"a":1}');
    synthesized("head", "region-eu-west-1", '{"a":2}');
    synthesized("head", "customer-globex", "{}");

    const changed = changedStacks(join(dir, "base"), join(dir, "head"), [
      "region-eu-west-1",
      "central",
      "customer-globex",
      "cluster-eks-eu-1",
    ]);

    expect(changed).toStrictEqual(["region-eu-west-1", "customer-globex"]);
  });

  it("counts every stack as changed when the base has no synth output", () => {
    synthesized("head", "central", "{}");

    expect(changedStacks(join(dir, "missing"), join(dir, "head"), ["central"])).toStrictEqual(["central"]);
  });
});

describe("tfc-stacks", () => {
  const plan = planTfc(resolvedCloudExample());

  it("prints the changed stacks whose workspace exists, with a notice for the others", async () => {
    // Prepare: central and a new tenant's customer stack changed; only central's workspace exists.
    synthesized("head", "central", '{"v":2}');
    synthesized("head", "customer-umbrella", "{}");
    const tfc = fakeTfc(["lh-prod-central"]);
    const { value, out, err } = io(tfc.fetch);

    // Act
    const code = await runTfcStacks(["changed", "--base", join(dir, "base"), "--head", join(dir, "head")], plan, value);

    // Assess
    expect(code).toBe(0);
    expect(out).toStrictEqual(["stacks=central"]);
    expect(err).toStrictEqual([
      "::notice::customer-umbrella changed, but workspace lh-prod-customer-umbrella does not exist yet: not planned",
    ]);
    expect(tfc.urls).toStrictEqual([
      "https://app.terraform.io/api/v2/organizations/acme-corp/workspaces/lh-prod-central",
      "https://app.terraform.io/api/v2/organizations/acme-corp/workspaces/lh-prod-customer-umbrella",
    ]);
    expect(new Set(tfc.auth)).toStrictEqual(new Set(["Bearer t0ken"]));
  });

  it("never plans a pull request on an agent pool, whose agents hold the cluster's kubeconfig", async () => {
    // Prepare: a cluster stack and central changed; every workspace exists; clusters run on agents.
    const onAgents = planTfc(resolvedCloudExample({ clusterAgentPools: EXAMPLE_AGENT_POOLS }));
    synthesized("head", "central", '{"v":2}');
    synthesized("head", "cluster-eks-eu-1", '{"v":2}');
    const tfc = fakeTfc(onAgents.workspaces.map((ws) => ws.workspaceName));
    const { value, out, err } = io(tfc.fetch);

    // Act
    const code = await runTfcStacks(
      ["changed", "--base", join(dir, "base"), "--head", join(dir, "head")],
      onAgents,
      value,
    );

    // Assess
    expect(code).toBe(0);
    expect(out).toStrictEqual(["stacks=central"]);
    expect(err).toStrictEqual([
      "::notice::cluster-eks-eu-1 changed, but its workspace runs on agent pool apool-EksEu1, which holds the " +
        "cluster's kubeconfig: not planned from a pull request (the deploy after merge plans and applies it)",
    ]);
    expect(tfc.urls).toStrictEqual([
      "https://app.terraform.io/api/v2/organizations/acme-corp/workspaces/lh-prod-central",
    ]);
  });

  it("fails before a deploy when a workspace is missing, naming it", async () => {
    const all = plan.workspaces.map((ws) => ws.workspaceName);
    const { value, err } = io(fakeTfc(all.filter((name) => name !== "lh-prod-cluster-rosa-eu-2")).fetch);

    const code = await runTfcStacks(["require-workspaces"], plan, value);

    expect(code).toBe(1);
    expect(err).toStrictEqual([
      "::error::workspace lh-prod-cluster-rosa-eu-2 (stack cluster-rosa-eu-2) is missing: apply the tfc-bootstrap stack",
    ]);
  });

  it("passes when every workspace exists", async () => {
    const { value } = io(fakeTfc(plan.workspaces.map((ws) => ws.workspaceName)).fetch);

    await expect(runTfcStacks(["require-workspaces"], plan, value)).resolves.toBe(0);
  });

  it("needs the token and treats an API refusal as an error, not as a missing workspace", async () => {
    const noToken = io(fakeTfc([]).fetch, {});
    const refused = io(fakeTfc([], 401).fetch);

    await expect(runTfcStacks(["require-workspaces"], plan, noToken.value)).rejects.toThrow(
      "environment variable TF_TOKEN_app_terraform_io is required",
    );
    await expect(runTfcStacks(["require-workspaces"], plan, refused.value)).rejects.toThrow(TfcBootstrapError);
    await expect(runTfcStacks(["require-workspaces"], plan, refused.value)).rejects.toThrow(/HTTP 401/);
  });

  it("prints its usage for an unknown mode", async () => {
    const { value, err } = io(fakeTfc([]).fetch);

    await expect(runTfcStacks(["deploy"], plan, value)).resolves.toBe(2);
    expect(err[0]).toMatch(/^usage: tfc-stacks changed/);
  });
});
