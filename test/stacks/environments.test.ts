/**
 * Two estates side by side (prod and staging) synthesize the same stack names, so what keeps a
 * staging apply away from prod's state is the state location: every backend's must differ.
 */
import { resolveInventory } from "../../inventory/resolve";
import type { BackendConfig, Inventory } from "../../inventory/types";
import { validateInventoryValue } from "../../inventory/validate";
import { buildApp } from "../../stacks/app";
import { SELF_APPLIED_STATE_PATH } from "../../stacks/common/backend";
import { cloudExample } from "../tfc/support/inventories";
import { exampleRawInventory } from "./support/inventories";
import { fakeProcessorBundle, synthApp, type SynthResult } from "./support/synth";

/** The example as a staging estate: its own environment name and prefix, everything else equal. */
function asStaging(prod: Inventory): Inventory {
  return { ...prod, environment: "staging", prefix: "lh-staging" };
}

function withBackend(raw: Inventory, backend: BackendConfig): Inventory {
  return { ...raw, central: { ...raw.central, backend } };
}

/** Where each stack's state lives, as one comparable string per stack. */
function stateLocations(synth: SynthResult): Map<string, string> {
  return new Map(
    synth.stackNames.map((stack) => {
      const terraform = synth.stack(stack).terraform;
      const local = terraform.backend?.["local"];
      const s3 = terraform.backend?.["s3"];
      const cloud = terraform.cloud as { organization: string; workspaces: { name: string } } | undefined;
      // A self-applied customer stack keeps its state in its own stack directory, so it is apart
      // exactly as long as each estate synthesizes into its own output directory.
      if (local?.["path"] === SELF_APPLIED_STATE_PATH) return [stack, `stack-dir:${synth.outdir}/stacks/${stack}`];
      if (local !== undefined) return [stack, `local:${String(local["path"])}`];
      if (s3 !== undefined) return [stack, `s3:${String(s3["bucket"])}/${String(s3["key"])}`];
      if (cloud !== undefined) return [stack, `cloud:${cloud.organization}/${cloud.workspaces.name}`];
      throw new Error(`stack ${stack} has no backend`);
    }),
  );
}

let bundle: ReturnType<typeof fakeProcessorBundle>;
beforeAll(() => {
  bundle = fakeProcessorBundle();
});
afterAll(() => bundle.cleanup());

function synthEstate(raw: Inventory): SynthResult {
  return synthApp((app) => buildApp(app, resolveInventory(raw), { processorBundleDir: bundle.dir }));
}

describe.each([
  ["local", (raw: Inventory): Inventory => withBackend(raw, { type: "local" })],
  [
    "s3, one state bucket for both",
    (raw: Inventory): Inventory => withBackend(raw, { type: "s3", bucket: "acme-tf-state" }),
  ],
])("two estates on the %s backend", (_name, backend) => {
  it("synthesize the same stack names but share no state location", () => {
    // Prepare
    const prodRaw = backend(exampleRawInventory());
    // Act
    const prod = synthEstate(prodRaw);
    const staging = synthEstate(asStaging(prodRaw));
    // Assess
    expect(staging.stackNames).toStrictEqual(prod.stackNames);
    const prodLocations = stateLocations(prod);
    const stagingLocations = stateLocations(staging);
    const shared = [...stagingLocations.values()].filter((where) => [...prodLocations.values()].includes(where));
    expect(shared).toStrictEqual([]);
    // Every non-self-applied stack's state is namespaced by its estate's prefix.
    expect(prodLocations.get("region-eu-west-1")).toMatch(/\/lh-prod\/region-eu-west-1\.tfstate$/);
    expect(stagingLocations.get("region-eu-west-1")).toMatch(/\/lh-staging\/region-eu-west-1\.tfstate$/);
    prod.cleanup();
    staging.cleanup();
  });
});

test("two estates in one TFC organization and project run in different workspaces", () => {
  const prod = synthEstate(cloudExample());
  const staging = synthEstate(asStaging(cloudExample()));
  const prodWorkspaces = [...stateLocations(prod).values()];
  const stagingWorkspaces = [...stateLocations(staging).values()];
  expect(stagingWorkspaces.filter((where) => prodWorkspaces.includes(where))).toStrictEqual([]);
  expect(stateLocations(staging).get("central")).toBe("cloud:acme-corp/lh-staging-central");
  // The bootstrap stack's own (local) state is namespaced too.
  expect(stateLocations(staging).get("tfc-bootstrap")).toBe(
    "local:../../../terraform-state/lh-staging/tfc-bootstrap.tfstate",
  );
  prod.cleanup();
  staging.cleanup();
});

test("validation refuses a staging estate whose explicit state locations are prod's", () => {
  // Prepare: staging copied from prod, keeping prod's explicit key prefix.
  const prod = withBackend(exampleRawInventory(), { type: "s3", bucket: "acme-tf-state", keyPrefix: "states/lh-prod" });
  // Act
  const prodResult = validateInventoryValue(prod);
  const stagingResult = validateInventoryValue(asStaging(prod));
  // Assess
  expect(prodResult.ok).toBe(true);
  expect(stagingResult.ok).toBe(false);
  expect(stagingResult.ok ? [] : stagingResult.problems).toStrictEqual([
    {
      path: "/central/backend/keyPrefix",
      message: expect.stringMatching(
        /^state key prefix "states\/lh-prod" must contain the inventory prefix "lh-staging" as a key segment/,
      ),
    },
  ]);
});
