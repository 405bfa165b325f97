/** `loghop generate`: `--json` reports, the command `--check` hints, did-you-mean for `--cluster`. */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runGenerate, type GenerateReport } from "../../cli/commands/generate";
import type { CommandOutput } from "../../cli/commands/validate";
import { shellWord } from "../../cli/option-parsers";

const EXAMPLE = "examples/inventory.json";

function captured(): CommandOutput & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (line) => stdout.push(line), err: (line) => stderr.push(line) };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "loghop-generate-cli-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function generateJson(options: { check?: boolean; cluster?: string; out?: string } = {}): {
  code: number;
  report: GenerateReport;
} {
  const output = captured();
  const code = runGenerate(
    { inventory: EXAMPLE, out: options.out ?? dir, check: options.check ?? false, json: true, ...options },
    output,
    EXAMPLE,
  );
  expect(output.stdout).toHaveLength(1);
  expect(output.stderr).toStrictEqual([]);
  return { code, report: JSON.parse(output.stdout[0]!) as GenerateReport };
}

describe("loghop generate --json", () => {
  it("lists the files written, then unchanged, then the one removed when a generated file is no longer produced", () => {
    // Act: first run into an empty directory
    const first = generateJson({ cluster: "eks-us-1" });
    // Assess
    expect(first.code).toBe(0);
    expect(first.report).toMatchObject({
      command: "generate",
      out: dir,
      cluster: "eks-us-1",
      unchanged: [],
      removed: [],
    });
    const written = "written" in first.report ? first.report.written : [];
    expect(written).toContain("eks-us-1/daemon-set.yaml");
    expect(written.every((path) => path.startsWith("eks-us-1/"))).toBe(true);
    expect([...written].sort()).toStrictEqual(written);

    // Prepare: a generated file the inventory no longer produces (it carries the generated notice)
    const stale = "eks-us-1/daemon-set.yaml";
    writeFileSync(join(dir, "eks-us-1/leftover.yaml"), readFileSync(join(dir, stale), "utf8"));
    // Act
    const second = generateJson({ cluster: "eks-us-1" });
    // Assess
    expect(second.report).toStrictEqual({
      command: "generate",
      out: dir,
      cluster: "eks-us-1",
      written: [],
      unchanged: written,
      removed: ["eks-us-1/leftover.yaml"],
    });
  });

  it("with --check reports missing, stale and extra files and the command that fixes them, exit 1", () => {
    generateJson();
    writeFileSync(join(dir, "eks-eu-1/daemon-set.yaml"), "# edited\n", { flag: "a" });
    rmSync(join(dir, "_processor/tenant-items.json"));
    const { code, report } = generateJson({ check: true });
    expect(code).toBe(1);
    expect(report).toMatchObject({
      command: "generate --check",
      upToDate: false,
      missing: ["_processor/tenant-items.json"],
      stale: ["eks-eu-1/daemon-set.yaml"],
      extra: [],
      fix: `loghop generate --out ${dir}`,
    });
  });

  it("with --check on an up-to-date tree says so, exit 0, no fix", () => {
    generateJson();
    const { code, report } = generateJson({ check: true });
    expect(code).toBe(0);
    expect(report).toMatchObject({ upToDate: true, missing: [], stale: [], extra: [] });
    expect(report).not.toHaveProperty("fix");
  });
});

describe("loghop generate --check hints", () => {
  it("name the same --out, --cluster and a non-default --inventory, quoted for the shell", () => {
    const out = join(dir, "my out");
    const output = captured();
    expect(runGenerate({ inventory: EXAMPLE, out, cluster: "eks-us-1", check: true }, output, "other.json")).toBe(1);
    expect(output.stderr.at(-1)).toBe(
      `${out}/eks-us-1 is out of date with ${EXAMPLE}: run \`loghop generate --inventory ${EXAMPLE} --out '${out}' --cluster eks-us-1\` and commit the result`,
    );
  });

  it("stay plain `loghop generate` for the default inventory and --out", () => {
    // Prepare: a checkout-like directory whose k8s-out/ was never generated
    mkdirSync(join(dir, "examples"));
    copyFileSync(EXAMPLE, join(dir, EXAMPLE));
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const output = captured();
      // Act
      const code = runGenerate({ inventory: EXAMPLE, out: "k8s-out", check: true }, output, EXAMPLE);
      // Assess
      expect(code).toBe(1);
      expect(output.stderr.at(-1)).toBe(
        `k8s-out is out of date with ${EXAMPLE}: run \`loghop generate\` and commit the result`,
      );
    } finally {
      process.chdir(cwd);
    }
  });

  it("shellWord leaves safe words bare and single-quotes the rest", () => {
    expect(shellWord("k8s-out/a_b.json")).toBe("k8s-out/a_b.json");
    expect(shellWord("a b")).toBe("'a b'");
    expect(shellWord("it's")).toBe(`'it'\\''s'`);
    expect(shellWord("$(rm -rf)")).toBe("'$(rm -rf)'");
  });
});

describe("loghop generate --cluster", () => {
  it("suggests the closest cluster id for a typo", () => {
    expect(() =>
      runGenerate({ inventory: EXAMPLE, out: dir, cluster: "eks-eu1", check: false }, captured(), EXAMPLE),
    ).toThrow('no cluster with id "eks-eu1"; did you mean "eks-eu-1"? known: eks-eu-1, eks-us-1, rosa-eu-2');
  });

  it("lists the known ids without a guess when nothing is close", () => {
    expect(() =>
      runGenerate({ inventory: EXAMPLE, out: dir, cluster: "zzzzzz", check: false }, captured(), EXAMPLE),
    ).toThrow('no cluster with id "zzzzzz"; known: eks-eu-1, eks-us-1, rosa-eu-2');
  });
});
