/**
 * The worker image's only program (`dist/worker/loghop-worker.js`, what the Containerfile
 * copies): self-contained, and it runs the processor against the moto emulator. No container
 * builder runs here, so this is the part of the image that is tested: the bundle, copied to a
 * directory with no node_modules, drains `loghop demo`'s queue and every event arrives once.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildWorkerBundle } from "../../cli/worker-bundle";
import { runLoghop } from "../support/cli";

jest.setTimeout(10 * 60_000); // the first run installs moto into .venv

describe("the worker bundle", () => {
  // Outside the repository: a require the bundle left out would fail here, as in the image.
  const outDir = mkdtempSync(join(tmpdir(), "loghop-worker-bundle-"));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));
  let file: string;

  beforeAll(async () => {
    file = (await buildWorkerBundle(outDir)).file;
  });

  it("inlines every dependency, the AWS SDK included (the image has no node_modules)", () => {
    const code = readFileSync(file, "utf8");
    const required = [...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]!);
    const notBuiltIn = [...new Set(required.filter((name) => !name.startsWith("node:")))];
    // Only in the text of an SDK error message (its advice for SigV4a signing), not a call.
    expect(notBuiltIn).toStrictEqual(["@aws-sdk/signature-v4-crt"]);
    expect(code.includes("ReceiveMessage")).toBe(true);
  });

  it("runs the worker against the emulator: the demo's pipeline delivers every event exactly once through it", async () => {
    const run = await runLoghop(["demo", "--lines", "30", "--seed", "3", "--worker-program", file]);
    expect({ status: run.status, stderr: run.status === 0 ? "" : run.stderr }).toStrictEqual({ status: 0, stderr: "" });
    expect(run.stdout).toMatch(/^PASS: all \d+ expected events arrived exactly once/m);
  });
});
