/**
 * The worker image's only program (`dist/worker/loghop-worker.js`, what the Containerfile
 * copies): self-contained, and it runs the processor against the moto emulator. No container
 * builder runs here, so this is the part of the image that is tested: the bundle, copied to a
 * directory with no node_modules, drains `loghop demo`'s queue and every event arrives once.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildWorkerBundle, WORKER_BUNDLE_FILE_NAME } from "../../cli/worker-bundle";
import { WORKER_HEALTH_FILE, WORKER_UID } from "../../generators/kubernetes/processor-worker";
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

describe("the Containerfile (read, not built: no container builder runs here)", () => {
  const text = readFileSync(join(__dirname, "../../Containerfile"), "utf8");
  const stages = text.split(/^FROM /m).slice(1);
  const runtime = stages[stages.length - 1]!;
  const instructions = (stage: string, keyword: string): string[] =>
    stage
      .split("\n")
      .filter((line) => line.startsWith(`${keyword} `))
      .map((line) => line.slice(keyword.length + 1));

  it("builds the bundle in a build stage and copies only that bundle into the runtime stage", () => {
    expect(stages).toHaveLength(2);
    expect(instructions(stages[0]!, "RUN")).toContain("npx tsx cli/worker-bundle.ts /out");
    expect(instructions(runtime, "COPY")).toStrictEqual([
      `--from=build /out/${WORKER_BUNDLE_FILE_NAME} /out/${WORKER_BUNDLE_FILE_NAME}.map /app/`,
    ]);
    // No package manager, no install, no shell step in the image that runs.
    expect(instructions(runtime, "RUN")).toStrictEqual([]);
    expect(runtime).not.toMatch(/node_modules|npm /);
    expect(instructions(runtime, "ENTRYPOINT")).toStrictEqual([
      `["/nodejs/bin/node", "/app/${WORKER_BUNDLE_FILE_NAME}"]`,
    ]);
  });

  it("runs as the non-root UID the Deployment sets, and writes nothing outside the health volume", () => {
    expect(instructions(runtime, "USER")).toStrictEqual([`${WORKER_UID}:${WORKER_UID}`]);
    expect(WORKER_UID).toBeGreaterThan(0);
    expect(WORKER_HEALTH_FILE.startsWith("/tmp/health/")).toBe(true);
    expect(runtime).not.toMatch(/^VOLUME /m);
  });
});
