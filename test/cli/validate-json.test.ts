/** `loghop validate --json`: one document for every file, every problem (no --max-problems cut), stable fields. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runValidateAll, type CommandOutput, type ValidateFileReport } from "../../cli/commands/validate";
import { INVENTORY_RULES } from "../../inventory/rules";
import { validRawInventory } from "../support/inventory-factory";

function captured(): CommandOutput & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (line) => stdout.push(line), err: (line) => stderr.push(line) };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "loghop-validate-json-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function validateJson(files: string[]): { code: number; document: { valid: boolean; files: ValidateFileReport[] } } {
  const output = captured();
  const code = runValidateAll(files, output, { maxProblems: 1, json: true });
  expect(output.stderr).toStrictEqual([]);
  expect(output.stdout).toHaveLength(1);
  return { code, document: JSON.parse(output.stdout[0]!) as { valid: boolean; files: ValidateFileReport[] } };
}

describe("loghop validate --json", () => {
  it("reports a valid file with its summary, its warnings by id and the rules that passed", () => {
    // Prepare: a valid inventory with one warning
    const inventory = validRawInventory();
    inventory.clusters[0]!.tenants = ["beta"];
    const path = join(dir, "warning.json");
    writeFileSync(path, JSON.stringify(inventory));
    // Act
    const { code, document } = validateJson([path]);
    // Assess
    expect(code).toBe(0);
    expect(document).toStrictEqual({
      command: "validate",
      valid: true,
      files: [
        {
          file: path,
          valid: true,
          problems: [],
          warnings: [
            {
              id: "loghop:inventory:tenant-without-cluster",
              path: "/tenants/0",
              message:
                'no cluster carries tenant "alpha"; add it to the tenants of a cluster, or its logs never arrive',
            },
          ],
          rulesPassed: INVENTORY_RULES.filter((rule) => rule.severity === "error").map((rule) => rule.id),
          rulesSkipped: [],
          summary: "2 tenants, 3 deliveries (2 cloudwatch, 1 s3), 2 clusters (1 kubernetes, 1 openshift), 2 regions",
        },
      ],
    });
  });

  it("lists every problem of every file by JSON pointer, ignoring --max-problems, exit 1", () => {
    const broken = join(dir, "broken.json");
    writeFileSync(broken, JSON.stringify({ ...validRawInventory(), prefix: "UPPER", extra: 1 }));
    const { code, document } = validateJson(["examples/inventory.json", broken]);
    expect(code).toBe(1);
    expect(document.valid).toBe(false);
    expect(document.files.map((file) => [file.file, file.valid])).toStrictEqual([
      ["examples/inventory.json", true],
      [broken, false],
    ]);
    const problems = document.files[1]!.problems;
    expect(problems.map((problem) => problem.path)).toStrictEqual(["/extra", "/prefix"]);
    expect(problems[0]!.message).toMatch(/^unknown key "extra"/);
    expect(document.files[1]!.rulesSkipped.length).toBeGreaterThan(0);
    expect(document.files[1]).not.toHaveProperty("summary");
  });
});
