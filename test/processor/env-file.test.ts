/** `--env-file` and the processor environment: the generated file as it is, every problem at once. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EnvFileError, readEnvFile } from "../../processor/config/env-file";
import { readProcessorConfig, REQUIRED_PROCESSOR_ENV } from "../../processor/config/environment";
import { ProcessorCliError } from "../../processor/failures/errors";
import { applyEnvFile, cliProcessorDeps } from "../../processor/modes/cli-runtime";

const GENERATED = join(__dirname, "../../k8s-out/_processor/environment-eu-west-1.json");
const BIN = join(__dirname, "../../bin/loghop.js");

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "loghop-env-file-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** This process's environment without any processor or AWS variable. */
function bareEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(LOGHOP_|AWS_)/.test(name)),
  ) as NodeJS.ProcessEnv;
}

describe("readEnvFile", () => {
  it("reads the generated environment-<region>.json as it is, and the processor config follows from it", () => {
    const vars = readEnvFile(GENERATED);
    expect(Object.keys(vars).sort()).toEqual(expect.arrayContaining([...REQUIRED_PROCESSOR_ENV].sort()));
    const config = readProcessorConfig(vars);
    expect(config.stagingBucket).toBe("lh-prod-staging-111111111111-eu-west-1");
    expect(config.clusterTenants).toStrictEqual({
      "eks-eu-1": ["globex", "umbrella"],
      "rosa-eu-2": ["globex", "initech", "umbrella"],
    });
  });

  it("reads NAME=value lines: comments, blank lines, export and quotes", () => {
    const path = file(
      "vars.env",
      "# staging\n\nexport AWS_REGION=eu-west-1\nLOGHOP_TENANT_TABLE = \"t b\"\nLOGHOP_QUEUE_URL='https://q/1?a=b'\n",
    );
    expect(readEnvFile(path)).toStrictEqual({
      AWS_REGION: "eu-west-1",
      LOGHOP_TENANT_TABLE: "t b",
      LOGHOP_QUEUE_URL: "https://q/1?a=b",
    });
  });

  it("reports every bad entry at once, by key or line", () => {
    const json = file("bad.json", JSON.stringify({ GOOD: "x", COUNT: 4, "not a name": "y" }));
    expect(() => readEnvFile(json)).toThrow(EnvFileError);
    expect(() => readEnvFile(json)).toThrow(
      `${json}: /COUNT: must be a string, got 4\n${json}: /not a name: not a variable name`,
    );
    const lines = file("bad.env", "A=1\njust words\n9X=2\n");
    expect(() => readEnvFile(lines)).toThrow(
      `${lines}: line 2: expected NAME=value, got "just words"\n${lines}: line 3: expected NAME=value, got "9X=2"`,
    );
    expect(() => readEnvFile(join(dir, "missing.json"))).toThrow(/missing\.json: cannot be read: ENOENT/);
  });
});

describe("the CLI's processor environment", () => {
  it("names every missing and invalid variable in one error, the region and the SDK's retry settings included", () => {
    const env = { ...bareEnv(), LOGHOP_OBJECT_CONCURRENCY: "0", AWS_MAX_ATTEMPTS: "many" };
    let error: unknown;
    try {
      cliProcessorDeps("memory", env);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ProcessorCliError);
    const lines = (error as Error).message
      .split("\n")
      .slice(1)
      .map((line) => line.trim());
    expect(lines).toStrictEqual([
      ...REQUIRED_PROCESSOR_ENV.map((name) => `environment variable ${name} is required`),
      'environment variable LOGHOP_OBJECT_CONCURRENCY must be a positive integer, got "0"',
      "environment variable AWS_REGION is required",
      'environment variable AWS_MAX_ATTEMPTS must be a positive integer, got "many"',
    ]);
    expect((error as Error).message).toMatch(/^the processor environment has 9 problems \(--env-file /);
  });

  it("lets the env file win over a value already in the environment", () => {
    const env: NodeJS.ProcessEnv = { LOGHOP_STAGING_BUCKET: "left-over-from-another-region", OTHER: "kept" };
    applyEnvFile(GENERATED, env);
    expect(env["LOGHOP_STAGING_BUCKET"]).toBe("lh-prod-staging-111111111111-eu-west-1");
    expect(env["OTHER"]).toBe("kept");
  });

  it("`loghop replay --env-file` with the generated file lacks only the region, and says so", () => {
    const run = (args: string[]) =>
      spawnSync(process.execPath, [BIN, "replay", "--prefix", "eks-eu-1/globex/", ...args], {
        encoding: "utf8",
        env: bareEnv(),
      });
    const withFile = run(["--env-file", GENERATED]);
    expect(withFile.status).toBe(1);
    expect(withFile.stderr).toBe(
      "the processor environment has a problem (--env-file k8s-out/_processor/environment-<region>.json sets the LOGHOP_* variables):\n" +
        "  environment variable AWS_REGION is required\n",
    );
    const without = run([]);
    expect(without.status).toBe(1);
    expect(without.stderr).toMatch(/has 7 problems/);
  });
});
