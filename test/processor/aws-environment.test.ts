/**
 * The SDK's own environment, honoured as the SDK documents it: AWS_ENDPOINT_URL_<SERVICE> wins
 * over AWS_ENDPOINT_URL; AWS_MAX_ATTEMPTS and AWS_RETRY_MODE replace the defaults; the call
 * budget still ends every call, however many attempts are allowed.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { CloudWatchLogsClient, PutLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import {
  baseClientConfig,
  endpointOverride,
  retrySettings,
  serviceEndpoints,
  SDK_MAX_ATTEMPTS,
} from "../../processor/aws/client-config";
import { ProcessorConfigError } from "../../processor/config/environment";
import { DeadlineReachedError } from "../../processor/failures/errors";
import { MemoryLogger } from "../../processor/observability/logger";
import { MemoryMetrics } from "../../processor/observability/metrics";
import { sendWithin } from "../../processor/runtime/call-budget";
import { deadlineAt } from "../../processor/runtime/deadline";
import { createProcessorDeps } from "../../processor/runtime/dependencies";
import { cloudWatchItem, processorConfig } from "./factories";

describe("endpointOverride", () => {
  it("takes the service's own variable over the global one", () => {
    const env = { AWS_ENDPOINT_URL: "http://global:1", AWS_ENDPOINT_URL_S3: "http://s3:2" };
    expect(endpointOverride("s3", env)).toBe("http://s3:2");
    expect(endpointOverride("dynamodb", env)).toBe("http://global:1");
  });

  it("spells each service id as the SDK does, and ignores blank values", () => {
    const env = {
      AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: "http://logs:3",
      AWS_ENDPOINT_URL_DYNAMODB: "http://ddb:4",
      AWS_ENDPOINT_URL_STS: " ",
    };
    expect(serviceEndpoints(env)).toStrictEqual({ cloudwatchLogs: "http://logs:3", dynamodb: "http://ddb:4" });
  });

  it("ignores both when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true", () => {
    const env = { AWS_ENDPOINT_URL: "http://global:1", AWS_ENDPOINT_URL_S3: "http://s3:2" };
    expect(endpointOverride("s3", { ...env, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true" })).toBeUndefined();
  });
});

describe("retrySettings", () => {
  it("defaults to standard mode and 3 attempts", () => {
    expect(retrySettings({})).toStrictEqual({ retryMode: "standard", maxAttempts: SDK_MAX_ATTEMPTS });
  });

  it("takes AWS_MAX_ATTEMPTS and AWS_RETRY_MODE", () => {
    expect(retrySettings({ AWS_MAX_ATTEMPTS: "7", AWS_RETRY_MODE: "adaptive" })).toStrictEqual({
      retryMode: "adaptive",
      maxAttempts: 7,
    });
  });

  it("reports both bad values at once", () => {
    expect(() => retrySettings({ AWS_MAX_ATTEMPTS: "0", AWS_RETRY_MODE: "legacy" })).toThrow(ProcessorConfigError);
    expect(() => retrySettings({ AWS_MAX_ATTEMPTS: "0", AWS_RETRY_MODE: "legacy" })).toThrow(
      '2 problems:\n  environment variable AWS_MAX_ATTEMPTS must be a positive integer, got "0"\n' +
        '  environment variable AWS_RETRY_MODE must be standard or adaptive, got "legacy"',
    );
  });
});

/** An HTTP endpoint answering every request with a retryable 500, remembering what it was asked. */
interface Recorder {
  readonly url: string;
  readonly requests: { method: string; url: string; target: string }[];
  close(): Promise<void>;
}

async function recorder(): Promise<Recorder> {
  const requests: Recorder["requests"] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    requests.push({ method: req.method ?? "", url: req.url ?? "", target: String(req.headers["x-amz-target"] ?? "") });
    req.resume();
    req.on("end", () => {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ __type: "InternalServerError", message: "try again" }));
    });
  });
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", () => ready()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

describe("the processor's clients against the environment", () => {
  const saved = { ...process.env };
  let global: Recorder;
  let s3Only: Recorder;
  beforeAll(async () => {
    global = await recorder();
    s3Only = await recorder();
  });
  afterAll(async () => {
    await global.close();
    await s3Only.close();
  });
  beforeEach(() => {
    global.requests.length = 0;
    s3Only.requests.length = 0;
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: global.url,
      AWS_ENDPOINT_URL_S3: s3Only.url,
      AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
      AWS_SECRET_ACCESS_KEY: "secret",
      AWS_MAX_ATTEMPTS: "2",
    });
    delete process.env["AWS_ENDPOINT_URL_DYNAMODB"];
    delete process.env["AWS_RETRY_MODE"];
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  function deps() {
    return createProcessorDeps(processorConfig(), {
      region: "eu-west-1",
      logger: new MemoryLogger(),
      metrics: new MemoryMetrics(),
    });
  }

  it("sends S3 to AWS_ENDPOINT_URL_S3 and DynamoDB to AWS_ENDPOINT_URL, each call AWS_MAX_ATTEMPTS times", async () => {
    // Prepare
    const { stagingS3, tenants } = deps();
    // Act
    await expect(stagingS3.send(new ListObjectsV2Command({ Bucket: "staging" }))).rejects.toThrow();
    await expect(tenants.deliveries("globex")).rejects.toThrow();
    // Assess: path-style against the override, two attempts each, nothing crossed over
    expect(s3Only.requests.map((r) => r.url.split("?")[0])).toStrictEqual(["/staging/", "/staging/"]);
    expect(global.requests.map((r) => r.target)).toStrictEqual([
      "DynamoDB_20120810.GetItem",
      "DynamoDB_20120810.GetItem",
    ]);
  });

  it("sends the tenant's CloudWatch Logs client to its own override when one is set", async () => {
    process.env["AWS_ENDPOINT_URL_CLOUDWATCH_LOGS"] = s3Only.url;
    const client = deps().clients.cloudWatchLogs(cloudWatchItem());
    await expect(client.config.endpoint!()).resolves.toMatchObject({ port: Number(new URL(s3Only.url).port) });
    await expect(client.config.maxAttempts()).resolves.toBe(2);
  });

  it("ends a call at its budget even when AWS_MAX_ATTEMPTS allows many more attempts", async () => {
    // Prepare: 50 attempts allowed, 500 ms of budget, an endpoint that always asks to retry
    const client = new CloudWatchLogsClient({
      ...baseClientConfig("eu-west-1", global.url, retrySettings({ AWS_MAX_ATTEMPTS: "50" })),
      credentials: { accessKeyId: "AKID", secretAccessKey: "s" },
    });
    const started = Date.now();
    // Act
    const error = await sendWithin({ deadline: deadlineAt(started + 600), reserveMs: 100 }, (options) =>
      client.send(
        new PutLogEventsCommand({ logGroupName: "g", logStreamName: "s", logEvents: [{ timestamp: 1, message: "m" }] }),
        options,
      ),
    ).catch((caught: unknown) => caught);
    // Assess: cut off by the budget (the SDK backs off between attempts), far fewer than 50 sent
    expect(error).toBeInstanceOf(DeadlineReachedError);
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(global.requests.length).toBeLessThan(50);
  });
});
