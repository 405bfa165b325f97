/**
 * `cdktf synth/diff/deploy` run main.ts directly, without `loghop validate` first: bad input
 * must still come out as one line per problem and exit 1, never a stack trace.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "loghop-app-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runApp(env: Record<string, string>) {
  return spawnSync(process.execPath, ["--import", "tsx", "main.ts"], {
    encoding: "utf8",
    env: { ...process.env, CDKTF_OUTDIR: join(dir, "out"), ...env },
  });
}

test("an invalid inventory: every problem with its JSON pointer, exit 1, no stack trace", () => {
  // Prepare
  const file = join(dir, "broken.json");
  writeFileSync(file, JSON.stringify({ project: 1 }));
  // Act
  const result = runApp({ LOGHOP_INVENTORY: file });
  // Assess
  expect(result.status).toBe(1);
  expect(result.stderr).toContain(`${file}: /project: must be a string; got 1`);
  expect(result.stderr).toContain(`${file}: /: missing required property "tenants"`);
  expect(result.stderr).not.toMatch(/\n\s+at /);
});

test("a missing processor bundle: the reason and the fix, exit 1, no stack trace", () => {
  // Act
  const result = runApp({ LOGHOP_PROCESSOR_BUNDLE_DIR: join(dir, "no-bundle") });
  // Assess
  expect(result.status).toBe(1);
  expect(result.stderr).toMatch(/no processor bundle in .*no-bundle.*npm run build:processor/);
  expect(result.stderr).not.toMatch(/\n\s+at /);
});
