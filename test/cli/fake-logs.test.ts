/**
 * `loghop fake-logs` spawned as users run it: every option documented, the
 * same output for the same seed, staged objects in a directory and in a
 * bucket behind AWS_ENDPOINT_URL (a real moto server).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { gunzipSync } from "node:zlib";
import { Command } from "commander";
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { registerFakeLogsCommand } from "../../cli/commands/fake-logs";
import { EMULATOR_PLAIN_CREDENTIALS, startMoto } from "../../emulator";
import { runLoghop } from "../support/cli";

jest.setTimeout(5 * 60_000);

const NOW = "2026-12-02T14:00:00Z";
const SMALL = [
  "--now",
  NOW,
  "--lines",
  "400",
  "--tenants",
  "globex,umbrella",
  "--applications",
  "web,api",
  "--pods",
  "1",
];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

function ndjson(body: Buffer): Record<string, unknown>[] {
  return gunzipSync(body)
    .toString("utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe("loghop fake-logs", () => {
  it("--help documents every option the command has", async () => {
    // Prepare: the options as registered.
    const program = new Command();
    registerFakeLogsCommand(program);
    const options = program.commands[0]!.options;
    // Act
    const help = await runLoghop(["fake-logs", "--help"]);
    // Assess
    expect(help.status).toBe(0);
    expect(options.length).toBeGreaterThan(20);
    for (const option of options) {
      expect(option.description.length).toBeGreaterThan(10);
      expect(help.stdout).toContain(option.long!);
    }
  });

  it("writes the same kubernetes_logs events for the same seed, other events for another", async () => {
    const [a, b, c] = await Promise.all([
      runLoghop(["fake-logs", ...SMALL, "--seed", "3"]),
      runLoghop(["fake-logs", ...SMALL, "--seed", "3"]),
      runLoghop(["fake-logs", ...SMALL, "--seed", "4"]),
    ]);
    expect(a.status).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).not.toBe(c.stdout);
    const events = a.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { kubernetes: { pod_namespace: string } });
    expect(events).toHaveLength(400);
    expect(new Set(events.map((e) => e.kubernetes.pod_namespace))).toStrictEqual(new Set(["globex", "umbrella"]));
    expect(JSON.parse(a.stderr)).toStrictEqual({ events: 400, destination: "stdout" });
  });

  it("--out-dir writes staged objects keyed <cluster>/<tenant>/<application>/<pod>/<seconds>-<uuid>.json.gz", async () => {
    const dir = mkdtempSync(join(tmpdir(), "fake-logs-test-"));
    try {
      const run = await runLoghop(["fake-logs", ...SMALL, "--cluster", "eks-test", "--out-dir", dir]);
      expect(run.status).toBe(0);
      const files = filesUnder(dir);
      expect(files).toHaveLength(4); // 2 tenants × 2 applications × 1 pod
      let events = 0;
      for (const file of files) {
        const [cluster, tenant, application, pod, name] = file.split("/");
        expect(name).toMatch(new RegExp(`^${Date.parse(NOW) / 1000}-[0-9a-f-]{36}\\.json\\.gz$`));
        const staged = ndjson(readFileSync(join(dir, file)));
        events += staged.length;
        for (const e of staged) {
          expect(e).toMatchObject({ cluster_id: cluster, tenant_id: tenant, application, pod_name: pod });
          expect(e["file"]).toBeUndefined();
        }
      }
      expect(events).toBe(400);
      expect(JSON.parse(run.stderr)).toMatchObject({ objects: 4, events: 400, destination: dir });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("--bucket uploads the same objects through AWS_ENDPOINT_URL", async () => {
    const moto = await startMoto();
    const dir = mkdtempSync(join(tmpdir(), "fake-logs-test-"));
    try {
      // Prepare
      const s3 = new S3Client({
        region: "eu-west-1",
        endpoint: moto.endpoint,
        credentials: EMULATOR_PLAIN_CREDENTIALS,
        forcePathStyle: true,
      });
      await s3.send(
        new CreateBucketCommand({
          Bucket: "load-test",
          CreateBucketConfiguration: { LocationConstraint: "eu-west-1" },
        }),
      );
      const env = {
        ...process.env,
        AWS_ENDPOINT_URL: moto.endpoint,
        AWS_REGION: "eu-west-1",
        AWS_ACCESS_KEY_ID: EMULATOR_PLAIN_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: EMULATOR_PLAIN_CREDENTIALS.secretAccessKey,
      };
      // Act
      const [upload, local] = await Promise.all([
        runLoghop(["fake-logs", ...SMALL, "--bucket", "load-test", "--object-max-bytes", "50000"], { env }),
        runLoghop(["fake-logs", ...SMALL, "--out-dir", dir, "--object-max-bytes", "50000"]),
      ]);
      // Assess: byte-identical to the directory run; several objects per pod once max bytes is reached.
      expect([upload.status, local.status]).toStrictEqual([0, 0]);
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: "load-test" }));
      const keys = (listed.Contents ?? []).map((o) => o.Key!).sort();
      expect(keys).toStrictEqual(filesUnder(dir));
      expect(keys.length).toBeGreaterThan(4);
      for (const key of keys) {
        const object = await s3.send(new GetObjectCommand({ Bucket: "load-test", Key: key }));
        expect(object.ContentEncoding).toBe("gzip");
        expect(Buffer.from(await object.Body!.transformToByteArray())).toStrictEqual(readFileSync(join(dir, key)));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await moto.stop();
    }
  });
});
