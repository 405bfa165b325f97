/**
 * `terraform validate` of every synthesized stack, where a terraform binary and
 * the providers (hashicorp/aws, hashicorp/kubernetes) can be had: from the
 * registry, a plugin cache or a filesystem mirror. Without them the tests are
 * skipped, and the reason is part of each skipped test's name.
 */
import { spawnSync } from "node:child_process";
import { shardTenantItems } from "../../generators/processor-config/tenant-shards";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildStacks } from "../../stacks/app";
import { CentralStack } from "../../stacks/central/central-stack";
import { RegionStack } from "../../stacks/region/region-stack";
import { buildProcessorEnvironment } from "../../generators";
import { exampleInventory, exampleRawInventory, withProcessorMode } from "./support/inventories";
import { fakeProcessorBundle, synthApp, type SynthResult } from "./support/synth";

const INIT_TIMEOUT_MS = 120_000;

const bundle = fakeProcessorBundle();
/** Every stack of the example (shape `lambda`), and the region and central stacks of the other shapes. */
const synths: Readonly<Record<string, SynthResult>> = {
  lambda: synthApp((app) => buildStacks(app, exampleInventory(), { processorBundleDir: bundle.dir })),
  ...Object.fromEntries(
    (["queue", "none"] as const).map((mode) => {
      const inventory = withProcessorMode(exampleRawInventory(), mode);
      const synth = synthApp((app) => {
        new RegionStack(app, {
          inventory,
          region: "eu-west-1",
          processorBundleDir: bundle.dir,
          tenantShards: shardTenantItems([]),
          processorEnvironment: buildProcessorEnvironment(inventory, "eu-west-1"),
        });
        new CentralStack(app, { inventory });
      });
      return [mode, synth];
    }),
  ),
};
/** `<shape>/<stack>`: what each test validates. */
const stackPaths = Object.entries(synths).flatMap(([shape, synth]) => synth.stackNames.map((s) => `${shape}/${s}`));
// Providers are downloaded (or linked) once and shared by every stack's init.
const pluginCache = mkdtempSync(join(tmpdir(), "loghop-tf-plugins-"));
const terraformEnv = {
  ...process.env,
  CHECKPOINT_DISABLE: "1",
  TF_IN_AUTOMATION: "1",
  TF_PLUGIN_CACHE_DIR: pluginCache,
};

function terraform(stackPath: string, args: string[], timeout = INIT_TIMEOUT_MS) {
  const [shape, stack] = stackPath.split("/") as [string, string];
  return spawnSync("terraform", [...args, "-no-color"], {
    cwd: join((synths[shape] as SynthResult).outdir, "stacks", stack),
    env: terraformEnv,
    encoding: "utf8",
    timeout,
  });
}

/** The most telling line of terraform's output: the network cause if there is one, else the error. */
function reasonOf(output: string): string {
  const lines = output.split("\n").map((l) => l.replace(/[│╷╵]/g, "").trim());
  const line =
    lines.find((l) => /lookup|no such host|connection refused|timeout|could not connect/i.test(l)) ??
    lines.find((l) => /error/i.test(l)) ??
    lines.find((l) => l !== "");
  return line ?? "no output";
}

/** Initialise every stack up front; any failure means the providers are not available here. */
function initialiseAll(): { available: true } | { available: false; reason: string } {
  const version = spawnSync("terraform", ["version"], { encoding: "utf8", env: terraformEnv });
  if (version.error !== undefined) return { available: false, reason: "no terraform binary on PATH" };
  for (const stack of stackPaths) {
    const init = terraform(stack, ["init", "-backend=false", "-input=false"]);
    if (init.status !== 0) {
      const why = init.error !== undefined ? String(init.error.message) : reasonOf(`${init.stderr}\n${init.stdout}`);
      return { available: false, reason: `providers unavailable (terraform init of ${stack}: ${why})` };
    }
  }
  return { available: true };
}

function cleanup(): void {
  for (const synth of Object.values(synths)) synth.cleanup();
  bundle.cleanup();
  rmSync(pluginCache, { recursive: true, force: true });
}

const providers = initialiseAll();
if (!providers.available) {
  // Jest lists no test names when a whole file is skipped, and runs none of its hooks:
  // say why once, visibly, and clean up now.
  console.warn(`loghop:stacks:terraform-validate-skipped: ${providers.reason}`);
  cleanup();
}
const title = providers.available ? "terraform validate: %s" : `terraform validate: %s — skipped, ${providers.reason}`;
const validate = providers.available ? test.each(stackPaths) : test.skip.each(stackPaths);

afterAll(cleanup);

validate(title, (stack) => {
  const result = terraform(stack, ["validate", "-json"]);
  const report = JSON.parse(result.stdout) as { valid: boolean; diagnostics: unknown[] };
  expect(report).toMatchObject({ valid: true });
});
