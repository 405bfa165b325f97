/**
 * The CLI bundle: what it is built from, that it is used only while those files are unchanged,
 * that it behaves as the source does, and that start-up loads none of the heavy packages.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isBundleCurrent } from "../../bin/bundle-freshness";
import { buildCliBundle, CLI_INPUTS_FILE, type BundleInput } from "../../cli/bundle";

const ROOT = join(__dirname, "../..");
const BIN = join(ROOT, "bin/loghop.js");

function loghop(args: readonly string[], env: Record<string, string> = {}, nodeArgs: readonly string[] = []) {
  const result = spawnSync(process.execPath, [...nodeArgs, BIN, ...args], {
    encoding: "utf8",
    env: { ...process.env, LOGHOP_INVENTORY: "", ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let scratch: string;
beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), "loghop-cli-bundle-"));
  await buildCliBundle();
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("buildCliBundle", () => {
  it("lists every file it bundled — the build script and the schema included — and none of the lazily loaded packages", () => {
    const inputs = (JSON.parse(readFileSync(CLI_INPUTS_FILE, "utf8")) as { inputs: BundleInput[] }).inputs;
    const paths = inputs.map(([path]) => path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "cli/main.ts",
        "cli/bundle.ts",
        "cli/commands/generate.ts",
        "inventory/precompiled-schema.ts",
        "schemas/inventory.schema.json",
        "package.json",
      ]),
    );
    expect(
      paths.filter((path) => /node_modules\/(cdktf|@cdktf|@aws-sdk|@smithy|@bpinternal|esbuild|tsx)\//.test(path)),
    ).toStrictEqual([]);
    for (const [, size, mtimeMs] of inputs) {
      expect(size).toBeGreaterThanOrEqual(0);
      expect(mtimeMs).toBeGreaterThan(0);
    }
  });

  it("carries the inventory schema precompiled, reporting exactly what the source reports", () => {
    const broken = join(scratch, "broken.json");
    writeFileSync(broken, JSON.stringify({ project: "x", tenants: [1], extra: 2, prefix: "UPPER" }));
    const bundled = loghop(["validate", "--json", broken]);
    const source = loghop(["validate", "--json", broken], { LOGHOP_FROM_SOURCE: "1" });
    expect(bundled.status).toBe(1);
    expect(bundled.stdout).toBe(source.stdout);
    expect(readFileSync(join(ROOT, "dist/cli/loghop.js"), "utf8")).toMatch(
      /precompiledInventoryValidator = precompiled;/,
    );
  });

  it("reads the generators' templates beside their sources, so generate matches the source run byte for byte", () => {
    const bundledOut = join(scratch, "bundled");
    const sourceOut = join(scratch, "source");
    expect(loghop(["generate", "--out", bundledOut]).status).toBe(0);
    expect(loghop(["generate", "--out", sourceOut], { LOGHOP_FROM_SOURCE: "1" }).status).toBe(0);
    const check = loghop(["generate", "--check", "--json", "--out", sourceOut]);
    expect(JSON.parse(check.stdout)).toMatchObject({ upToDate: true, missing: [], stale: [], extra: [] });
    expect(loghop(["generate", "--check", "--out", bundledOut], { LOGHOP_FROM_SOURCE: "1" }).status).toBe(0);
  });
});

describe("bin/loghop.js", () => {
  it("rebuilds a bundle it cannot prove current before running it", () => {
    // Removing the list only ever makes a concurrent start rebuild too: never run old code.
    rmSync(CLI_INPUTS_FILE);
    const run = loghop(["--version"]);
    expect(run).toMatchObject({ status: 0, stdout: "0.1.0\n", stderr: "" });
    expect(isBundleCurrent(ROOT)).toBe(true);
  });
});

describe("start-up", () => {
  const hook = (): string => {
    const file = join(scratch, "record-packages.js");
    writeFileSync(
      file,
      `const Module = require("node:module"); const seen = new Set(); const load = Module._load;
Module._load = function (request, ...rest) { if (!/^(node:|\\.|\\/)/.test(request)) seen.add(request); return load.call(this, request, ...rest); };
process.on("exit", () => process.stderr.write("PACKAGES " + JSON.stringify([...seen]) + "\\n"));`,
    );
    return file;
  };

  it.each([[["--help"]], [["validate"]], [["generate", "--check"]]])(
    "loghop %j loads no AWS SDK, cdktf, VRL, esbuild or tsx",
    (args) => {
      const run = loghop(args, {}, ["-r", hook()]);
      expect(run.status).toBe(0);
      const packages = JSON.parse(/PACKAGES (.*)/.exec(run.stderr)![1]!) as string[];
      expect(
        packages.filter((name) => /^(@aws-sdk|@smithy|cdktf|@cdktf|constructs|@bpinternal|esbuild|tsx)/.test(name)),
      ).toStrictEqual([]);
    },
  );
});

describe("isBundleCurrent", () => {
  function fakeRoot(): { root: string; source: string; record: (inputs: BundleInput[]) => void } {
    const root = mkdtempSync(join(scratch, "root-"));
    mkdirSync(join(root, "dist/cli"), { recursive: true });
    writeFileSync(join(root, "dist/cli/loghop.js"), "// bundle\n");
    const source = join(root, "main.ts");
    writeFileSync(source, "export const a = 1;\n");
    utimesSync(source, 1_700_000_000, 1_700_000_000);
    return {
      root,
      source,
      record: (inputs) => writeFileSync(join(root, "dist/cli/inputs.json"), JSON.stringify({ inputs })),
    };
  }

  it("is current while every input has its recorded size and mtime", () => {
    const { root, record } = fakeRoot();
    record([["main.ts", 20, 1_700_000_000_000]]);
    expect(isBundleCurrent(root)).toBe(true);
  });

  it("is stale when an input was touched, resized or removed, or nothing was recorded", () => {
    const { root, source, record } = fakeRoot();
    record([["main.ts", 20, 1_700_000_000_000]]);
    utimesSync(source, 1_700_000_001, 1_700_000_001);
    expect(isBundleCurrent(root)).toBe(false);
    record([["main.ts", 21, 1_700_000_001_000]]);
    expect(isBundleCurrent(root)).toBe(false);
    record([["gone.ts", 20, 1_700_000_000_000]]);
    expect(isBundleCurrent(root)).toBe(false);
    record([]);
    expect(isBundleCurrent(root)).toBe(false);
    rmSync(join(root, "dist/cli/inputs.json"));
    expect(isBundleCurrent(root)).toBe(false);
  });

  it("is stale without the bundle itself", () => {
    const { root, record } = fakeRoot();
    record([["main.ts", 20, 1_700_000_000_000]]);
    rmSync(join(root, "dist/cli/loghop.js"));
    expect(isBundleCurrent(root)).toBe(false);
  });
});
