/**
 * `loghop validate` and `loghop external-id`. Output formatting is tested in process;
 * a few spawns of the real `bin/loghop.js` (each costs ~0.5 s of tsx start-up) check exit
 * codes, one line per problem, and that no input ever produces a stack trace.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateExternalId, runExternalId } from "../../cli/commands/external-id";
import { type CommandOutput, runValidate, runValidateAll } from "../../cli/commands/validate";
import { INVENTORY_RULES } from "../../inventory/rules";
import { checkInventorySchema } from "../../inventory/validate-schema";
import { largeRawInventory, validRawInventory } from "../support/inventory-factory";

const STACK_TRACE = /\n\s+at /;
const ERROR_RULES = INVENTORY_RULES.filter((rule) => rule.severity === "error").length;

function captured(): CommandOutput & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (line) => stdout.push(line), err: (line) => stderr.push(line) };
}

function loghop(
  args: readonly string[],
  env: Record<string, string> = {},
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ["bin/loghop.js", ...args], {
    encoding: "utf8",
    env: { ...process.env, LOGHOP_INVENTORY: "", ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "loghop-validate-"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Write `content` (an object is serialized as JSON) to a temporary file; returns its path. */
function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content, null, 2));
  return path;
}

describe("loghop validate (in process)", () => {
  it("says what it checked", () => {
    const output = captured();
    expect(runValidate("examples/inventory.json", output)).toBe(0);
    expect(output.stdout).toStrictEqual([
      `examples/inventory.json: valid — 3 tenants, 4 deliveries (3 cloudwatch, 1 s3), 3 clusters (2 kubernetes, 1 openshift), 2 regions; schema and ${ERROR_RULES} semantic rules passed`,
    ]);
    expect(output.stderr).toStrictEqual([]);
  });

  it("prints warnings with their id and still succeeds", () => {
    const inventory = validRawInventory();
    inventory.clusters[0]!.tenants = ["beta"];
    const path = file("warning.json", inventory);
    const output = captured();
    expect(runValidate(path, output)).toBe(0);
    expect(output.stderr).toStrictEqual([
      `${path}: /tenants/0: no cluster carries tenant "alpha"; add it to the tenants of a cluster, or its logs never arrive [warning loghop:inventory:tenant-without-cluster]`,
    ]);
    expect(output.stdout[0]).toMatch(
      /: valid — 2 tenants, 3 deliveries \(2 cloudwatch, 1 s3\), 2 clusters \(1 kubernetes, 1 openshift\), 2 regions;/,
    );
  });

  it("lists every problem, one line each, then a count", () => {
    const inventory = validRawInventory();
    inventory.tenants[1]!.id = "alpha";
    inventory.tenants[0]!.accountId = "2222";
    const path = file("two-problems.json", inventory);
    const output = captured();
    expect(runValidate(path, output)).toBe(1);
    expect(output.stderr).toStrictEqual([
      `${path}: /clusters/0/tenants/1: unknown tenant "beta"; known tenants: alpha`,
      `${path}: /clusters/1/tenants/0: unknown tenant "beta"; known tenants: alpha`,
      `${path}: /tenants/0/accountId: must be a 12-digit AWS account id as a string, e.g. "123456789012"; got "2222"`,
      `${path}: /tenants/1/id: duplicate tenant id "alpha" (first used at /tenants/0/id); tenant ids must be unique`,
      `${path}: 4 problems found (7 semantic rules not run: they need the parts with schema problems)`,
    ]);
    expect(output.stdout).toStrictEqual([]);
  });

  it("prints at most --max-problems problems, and always the true count", () => {
    const inventory: Record<string, unknown> = validRawInventory();
    for (let i = 0; i < 5; i++) inventory[`extra${i}`] = i;
    const path = file("five-problems.json", inventory);
    const limited = captured();
    const all = captured();
    expect(runValidate(path, limited, { maxProblems: 2 })).toBe(1);
    expect(runValidate(path, all, { maxProblems: 0 })).toBe(1);
    expect(limited.stderr).toStrictEqual([
      expect.stringMatching(/: \/extra0: unknown key "extra0"; allowed: /),
      expect.stringMatching(/: \/extra1: unknown key "extra1"; allowed: /),
      `${path}: … 3 more problems not shown (--max-problems 0 shows all)`,
      `${path}: 5 problems found`,
    ]);
    expect(all.stderr).toHaveLength(6);
  });

  it("reports a missing file as a problem of the whole document", () => {
    const output = captured();
    expect(runValidate(join(dir, "absent.json"), output)).toBe(1);
    expect(output.stderr).toStrictEqual([
      `${join(dir, "absent.json")}: /: cannot read the inventory: file not found`,
      `${join(dir, "absent.json")}: 1 problem found`,
    ]);
  });

  it("fails when any of several files is invalid", () => {
    const output = captured();
    expect(runValidateAll(["examples/inventory.json", file("empty-too.json", "")], output)).toBe(1);
    expect(output.stdout).toHaveLength(1);
    expect(output.stderr).toHaveLength(2);
  });
});

describe("loghop external-id (in process)", () => {
  it("prints a fresh id the schema accepts", () => {
    const output = captured();
    expect(runExternalId(output)).toBe(0);
    expect(output.stdout).toHaveLength(1);
    expect(output.stdout[0]).toMatch(/^lhx-[A-Za-z0-9]{32}$/);
    const inventory = validRawInventory();
    inventory.tenants[0]!.externalId = output.stdout[0]!;
    expect(checkInventorySchema(inventory)).toStrictEqual([]);
  });

  it("never repeats and uses the whole alphabet", () => {
    const ids = Array.from({ length: 2000 }, generateExternalId);
    expect(new Set(ids).size).toBe(ids.length);
    const characters = new Set(ids.flatMap((id) => [...id.slice(4)]));
    expect(characters.size).toBe(62);
  });
});

describe("loghop (spawned)", () => {
  it("validates the inventory LOGHOP_INVENTORY selects when given no path: exit 0 and what it checked", () => {
    const result = loghop(["validate"], { LOGHOP_INVENTORY: "examples/inventory.json" });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(
      /^examples\/inventory\.json: valid — 3 tenants, 4 deliveries .* 2 regions; schema and \d+ semantic rules passed\n$/,
    );
    expect(result.stderr).toBe("");
  });

  it("reports inventories broken in many ways: exit 1, one line per problem with its pointer, no stack trace", () => {
    // Prepare: one file per way of breaking an inventory, with the pointers we expect.
    const broken: Record<string, { content: unknown; pointers: string[] }> = {};
    const add = (
      name: string,
      change: (inv: Record<string, unknown> & ReturnType<typeof validRawInventory>) => void,
      pointers: string[],
    ): void => {
      const inventory = validRawInventory() as Record<string, unknown> & ReturnType<typeof validRawInventory>;
      change(inventory);
      broken[name] = { content: inventory, pointers };
    };
    add(
      "wrong-types.json",
      (inv) => {
        (inv as Record<string, unknown>)["prefix"] = 7;
        (inv.central as Record<string, unknown>)["regions"] = "eu-west-1";
      },
      ["/central/regions", "/prefix"],
    );
    add(
      "unknown-keys.json",
      (inv) => {
        inv["tenats"] = [];
        Object.assign(inv.tenants[0]!.deliveries[0]!, { logGroup: "/x" });
      },
      ["/tenants/0/deliveries/0/logGroup", "/tenats"],
    );
    add(
      "dangling-refs.json",
      (inv) => {
        inv.clusters[1]!.tenants = ["beta", "gamma"];
        inv.clusters[0]!.region = "ap-south-1";
        inv.tenants[0]!.deliveries[1]!.region = "eu-central-1";
      },
      // rosa-b is OpenShift with namespace-named tenants: carrying two, it is refused too.
      [
        "/clusters/0/region",
        "/clusters/1/tenantSource/from",
        "/clusters/1/tenants/1",
        "/tenants/0/deliveries/1/region",
      ],
    );
    add(
      "duplicate-ids.json",
      (inv) => {
        inv.tenants[1]!.id = "alpha";
        inv.tenants[1]!.externalId = inv.tenants[0]!.externalId;
        inv.clusters[1]!.id = "eks-a";
        inv.clusters[1]!.tenants = ["alpha"];
        inv.clusters[0]!.tenants = ["alpha"];
      },
      ["/clusters/1/id", "/tenants/1/externalId", "/tenants/1/id"],
    );
    add(
      "bad-accounts.json",
      (inv) => {
        inv.central.accountId = "11111111111";
        inv.tenants[1]!.accountId = "33333333333a";
      },
      ["/central/accountId", "/tenants/1/accountId"],
    );
    add(
      "bad-names.json",
      (inv) => {
        Object.assign(inv.tenants[0]!.deliveries[0]!, { logGroupName: "aws/alpha" });
        Object.assign(inv.tenants[0]!.deliveries[1]!, { bucket: "alpha..archive" });
        inv.clusters[1]!.id = "c".repeat(60);
      },
      ["/clusters/1/id", "/tenants/0/deliveries/0/logGroupName", "/tenants/0/deliveries/1/bucket"],
    );
    broken["empty.json"] = { content: "", pointers: ["/"] };
    broken["not-json.json"] = { content: '{\n  "project": "x",\n  prefix: "lh"\n}', pointers: ["/"] };
    broken["inventory.yaml"] = { content: "project: acme\ncentral:\n  accountId: '111111111111'\n", pointers: ["/"] };
    broken["top-level-array.json"] = { content: "[]", pointers: ["/"] };
    const huge = largeRawInventory(30_000);
    huge.tenants[12_345]!.accountId = "12345";
    broken["ten-megabytes.json"] = { content: JSON.stringify(huge), pointers: ["/tenants/12345/accountId"] };
    const paths = Object.entries(broken).map(([name, { content }]) => file(name, content));

    // Act
    const result = loghop(["validate", ...paths]);

    // Assess
    expect(JSON.stringify(huge).length).toBeGreaterThan(10 * 1024 * 1024);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).not.toMatch(STACK_TRACE);
    const lines = result.stderr.trimEnd().split("\n");
    Object.entries(broken).forEach(([name, { pointers }], i) => {
      const path = paths[i]!;
      const problemLines = lines.filter((line) => line.startsWith(`${path}: /`));
      expect({ name, pointers: problemLines.map((line) => line.slice(path.length + 2).split(": ")[0]) }).toStrictEqual({
        name,
        pointers,
      });
      const count = `${path}: ${pointers.length} problem${pointers.length === 1 ? "" : "s"} found`;
      expect(lines.filter((line) => line.startsWith(count))).toHaveLength(1);
    });
    const countLines = lines.filter((line) => / problems? found/.test(line));
    expect(countLines).toHaveLength(paths.length);
    expect(lines.filter((line) => line.includes("looks like YAML; the inventory is JSON"))).toHaveLength(1);
    expect(
      lines.filter((line) =>
        /not valid JSON at line 3, column 3: expected a property name in double quotes/.test(line),
      ),
    ).toHaveLength(1);
    expect(lines.filter((line) => line.includes("the file is empty"))).toHaveLength(1);
    expect(lines.filter((line) => line.includes("the inventory must be a JSON object; got an array"))).toHaveLength(1);
  });

  it("prints an input error of any command (a LoghopError) as its message lines: exit 1, no stack trace", () => {
    const result = loghop(["generate", "--inventory", file("for-generate.json", "[]"), "--out", join(dir, "out")]);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `${join(dir, "for-generate.json")}: /: the inventory must be a JSON object; got an array\n`,
    );
  });

  it("prints a random ExternalId", () => {
    const result = loghop(["external-id"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^lhx-[A-Za-z0-9]{32}\n$/);
  });

  it("has --help on every command, and rejects an unknown command without a stack trace", () => {
    const help = loghop(["validate", "--help"]);
    const unknown = loghop(["valdiate"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: loghop validate \[options\] \[paths\.\.\.\]/);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/unknown command 'valdiate'\n\(Did you mean validate\?\)/);
    expect(unknown.stderr).not.toMatch(STACK_TRACE);
  });
});
