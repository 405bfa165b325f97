/** Every command's help reads the same way: a short summary, defaults written `(default: …)`, one --inventory text. */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { INVENTORY_OPTION_HELP } from "../../cli/option-parsers";

const BIN = join(__dirname, "../../bin/loghop.js");

function help(args: readonly string[]): string {
  const result = spawnSync(process.execPath, [BIN, ...args, "--help"], {
    encoding: "utf8",
    env: { ...process.env, COLUMNS: "400" },
  });
  expect(result.status).toBe(0);
  return result.stdout;
}

/** `name` and its one-line summary from the top-level command list (commander's wrapping undone). */
function commandList(): [string, string][] {
  const text = help([]);
  const rows: string[] = [];
  for (const line of text.slice(text.indexOf("Commands:") + "Commands:".length).split("\n")) {
    if (/^ {2}\S/.test(line)) rows.push(line);
    else if (/^ {4,}\S/.test(line) && rows.length > 0) rows[rows.length - 1] += ` ${line.trim()}`;
  }
  return rows.map((row) => {
    const match = /^ {2}(\S+)(?: \S+)*? {2,}(.*)$/.exec(row)!;
    return [match[1]!, match[2]!];
  });
}

const COMMANDS = commandList()
  .map(([name]) => name)
  .filter((name) => name !== "help");

describe("loghop help text", () => {
  it("lists every command with a one-line summary in lower case, at most 100 characters", () => {
    expect(COMMANDS).toEqual(expect.arrayContaining(["validate", "generate", "process", "replay", "ci", "demo"]));
    for (const [name, summary] of commandList()) {
      expect([name, summary.length <= 100]).toStrictEqual([name, true]);
      expect([name, /^[a-z]/.test(summary)]).toStrictEqual([name, true]);
    }
  });

  it.each(COMMANDS)("%s writes defaults as `(default: …)` and uses the shared --inventory text", (name) => {
    const text = help([name]);
    expect(text).not.toMatch(/\(default [^:]/);
    expect(text).not.toMatch(/\(default: false\)/);
    // Commander wraps at 80 columns when piped: compare with the wrapping undone.
    if (text.includes("--inventory")) expect(text.replace(/\s+/g, " ")).toContain(INVENTORY_OPTION_HELP);
  });
});
