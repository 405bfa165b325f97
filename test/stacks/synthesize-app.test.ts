/** synthesizeApp: token creation traces are skipped only while it runs; errors keep their traces. */
import { TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { synthesizeApp } from "../../stacks/common/app";
import { synthApp } from "./support/synth";

const outdir = mkdtempSync(join(tmpdir(), "loghop-synthesize-app-"));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

test("plain-object captures are skipped inside, errors still get a trace, and both work as before afterwards", () => {
  const original = Error.captureStackTrace;
  const inside = synthesizeApp({ outdir: outdir }, () => {
    const plain = { stack: "" };
    Error.captureStackTrace(plain);
    return { plain: plain.stack, error: new Error("inside").stack ?? "" };
  });
  expect(inside.built.plain).toBe("");
  expect(inside.built.error).toMatch(/^Error: inside\n\s+at /);
  expect(Error.captureStackTrace).toBe(original);
  const after = { stack: "" };
  Error.captureStackTrace(after);
  expect(after.stack).toMatch(/\n\s+at /);
});

test("an error thrown while building propagates with its trace and restores captureStackTrace", () => {
  const original = Error.captureStackTrace;
  let thrown: unknown;
  try {
    synthesizeApp({ outdir: outdir }, () => {
      throw new RangeError("from build");
    });
  } catch (error) {
    thrown = error;
  }
  expect(Error.captureStackTrace).toBe(original);
  expect(thrown).toBeInstanceOf(RangeError);
  expect((thrown as Error).stack).toMatch(/^RangeError: from build\n\s+at .*synthesize-app\.test\.ts/);
});

test("tokens still resolve into the output", () => {
  const synth = synthApp((app) => {
    const stack = new TerraformStack(app, "tokens");
    const name = new TerraformVariable(stack, "name", { type: "string" });
    new TerraformOutput(stack, "greeting", { value: `hello ${name.stringValue}` });
  });
  try {
    expect(
      JSON.parse(readFileSync(join(synth.outdir, "stacks", "tokens", "cdk.tf.json"), "utf8")).output,
    ).toStrictEqual({
      greeting: { value: "hello ${var.name}" },
    });
  } finally {
    synth.cleanup();
  }
});
