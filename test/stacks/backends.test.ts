/** State backends from the inventory, and no path of the synthesizing machine in the output. */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { shardTenantItems } from "../../generators/processor-config/tenant-shards";
import { homedir } from "node:os";
import { join } from "node:path";
import type { ResolvedInventory } from "../../inventory/resolved";
import { CentralStack } from "../../stacks/central/central-stack";
import { CustomerStack } from "../../stacks/customer/customer-stack";
import { RegionStack } from "../../stacks/region/region-stack";
import { exampleInventory, exampleRawInventory, withBackend } from "./support/inventories";
import { fakeProcessorBundle, synthApp, type SynthResult } from "./support/synth";

const STACKS = ["central", "customer-globex", "region-eu-west-1"];

function synthWith(inventory: ResolvedInventory, bundleDir: string): SynthResult {
  return synthApp((app) => {
    new CentralStack(app, { inventory });
    new CustomerStack(app, { inventory, tenant: inventory.tenants[0]! });
    new RegionStack(app, {
      inventory,
      region: "eu-west-1",
      processorBundleDir: bundleDir,
      tenantShards: shardTenantItems([]),
      processorEnvironment: {},
    });
  });
}

/** Every text file under `dir` (the archive is binary and holds only the bundle). */
function textFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return textFiles(path);
    return path.endsWith(".json") ? [path] : [];
  });
}

let bundle: ReturnType<typeof fakeProcessorBundle>;
const results: Record<"local" | "s3" | "cloud", SynthResult | undefined> = {
  local: undefined,
  s3: undefined,
  cloud: undefined,
};

beforeAll(() => {
  bundle = fakeProcessorBundle();
  const raw = exampleRawInventory();
  results.local = synthWith(exampleInventory(), bundle.dir);
  results.s3 = synthWith(
    withBackend(raw, {
      type: "s3",
      bucket: "acme-tfstate",
      keyPrefix: "acme/lh-prod",
      region: "eu-central-1",
      lockTable: "acme-tflock",
    }),
    bundle.dir,
  );
  results.cloud = synthWith(
    withBackend(raw, { type: "cloud", organization: "acme", project: "logging", workspacePrefix: "acme-lh-prod" }),
    bundle.dir,
  );
});

afterAll(() => {
  Object.values(results).forEach((result) => result?.cleanup());
  bundle.cleanup();
});

test("local: one relative state file per stack, next to cdktf.out, under the inventory prefix", () => {
  for (const stack of STACKS) {
    expect(results.local!.stack(stack).terraform.backend).toStrictEqual({
      local: { path: `../../../terraform-state/lh-prod/${stack}.tfstate` },
    });
  }
});

test("a self-applied customer stack keeps its state in its own directory, whatever the backend", () => {
  const inventory = withBackend(exampleRawInventory(), {
    type: "s3",
    bucket: "acme-tfstate",
    lockTable: "acme-tflock",
  });
  const initech = inventory.tenants.find((tenant) => tenant.deployRoleArn === undefined)!;
  const synth = synthApp((app) => new CustomerStack(app, { inventory, tenant: initech }));
  expect(synth.stack("customer-initech").terraform.backend).toStrictEqual({ local: { path: "terraform.tfstate" } });
  synth.cleanup();
  for (const result of Object.values(results)) {
    expect(result!.stack("customer-globex").terraform.backend?.["local"]?.["path"]).not.toBe("terraform.tfstate");
  }
});

test("no absolute path of the synthesizing machine appears anywhere in the output", () => {
  const machinePaths = [process.cwd(), results.local!.outdir, bundle.dir, homedir()];
  for (const file of textFiles(results.local!.outdir)) {
    const text = readFileSync(file, "utf8");
    for (const path of machinePaths) expect({ file, found: text.includes(path) }).toStrictEqual({ file, found: false });
  }
});

test("s3: the inventory's bucket, key <keyPrefix>/<stack>.tfstate, region, lock file and DynamoDB table, encrypted", () => {
  for (const stack of STACKS) {
    expect(results.s3!.stack(stack).terraform.backend).toStrictEqual({
      s3: {
        bucket: "acme-tfstate",
        key: `acme/lh-prod/${stack}.tfstate`,
        region: "eu-central-1",
        dynamodb_table: "acme-tflock",
        use_lockfile: true,
        encrypt: true,
      },
    });
  }
});

test("s3: key prefix `loghop/<prefix>`, the first central region and a lock file by default, no DynamoDB table", () => {
  const inventory = withBackend(exampleRawInventory(), { type: "s3", bucket: "b" });
  const synth = synthApp((app) => new CentralStack(app, { inventory }));
  expect(synth.stack("central").terraform.backend).toStrictEqual({
    s3: { bucket: "b", key: "loghop/lh-prod/central.tfstate", region: "eu-west-1", use_lockfile: true, encrypt: true },
  });
  synth.cleanup();
});

test("s3: a DynamoDB table alone when the lock file is turned off (Terraform < 1.10)", () => {
  const inventory = withBackend(exampleRawInventory(), { type: "s3", bucket: "b", lockTable: "t", useLockfile: false });
  const synth = synthApp((app) => new CentralStack(app, { inventory }));
  expect(synth.stack("central").terraform.backend).toStrictEqual({
    s3: { bucket: "b", key: "loghop/lh-prod/central.tfstate", region: "eu-west-1", dynamodb_table: "t", encrypt: true },
  });
  synth.cleanup();
});

test("cloud: one workspace per stack named <workspacePrefix>-<stack>, in the inventory's organization and project", () => {
  for (const stack of STACKS) {
    const terraform = results.cloud!.stack(stack).terraform;
    expect(terraform.backend).toBeUndefined();
    expect(terraform.cloud).toStrictEqual({
      hostname: "app.terraform.io",
      organization: "acme",
      workspaces: { name: `acme-lh-prod-${stack}`, project: "logging" },
    });
  }
});
