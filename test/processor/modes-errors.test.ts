import "aws-sdk-client-mock-jest";
import { ListObjectsV2Command, NoSuchBucket, S3Client } from "@aws-sdk/client-s3";
import { ReceiveMessageCommand, QueueDoesNotExist, SQSClient } from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import { LoghopError } from "../../inventory/errors";
import { AwsOperationError, ProcessorCliError } from "../../processor/failures/errors";
import { isServiceOrNetworkError } from "../../processor/failures/classify";
import { MemoryLogger } from "../../processor/observability/logger";
import { MemoryMetrics } from "../../processor/observability/metrics";
import { createProcessorDeps } from "../../processor/runtime/dependencies";
import { atBoundary, describeEndpoint } from "../../processor/modes/aws-boundary";
import { ManualInputError, messagesFromEvent } from "../../processor/modes/manual";
import { listStagedObjects, runReplay } from "../../processor/modes/replay";
import { runSqsWorker } from "../../processor/modes/sqs-worker";
import { processorConfig, STAGING_BUCKET } from "./factories";

const QUEUE_URL = "http://127.0.0.1:4566/000000000000/loghop-objects";

/** What Node and the SDK's retry layer throw when nothing listens on the endpoint (measured against a closed port). */
function connectionRefused(): Error {
  return Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:4566"), {
    errno: -111,
    code: "ECONNREFUSED",
    syscall: "connect",
    address: "127.0.0.1",
    port: 4566,
    $metadata: { attempts: 3, totalRetryDelay: 139 },
  });
}

function depsAt(endpoint?: string) {
  return createProcessorDeps(processorConfig(), {
    region: "eu-west-1",
    ...(endpoint !== undefined ? { endpoint } : {}),
    logger: new MemoryLogger(),
    metrics: new MemoryMetrics(),
  });
}

const s3 = mockClient(S3Client);
const sqs = mockClient(SQSClient);

beforeEach(() => {
  s3.reset();
  sqs.reset();
});

describe("replay: listing the staging bucket", () => {
  it("reports an unreachable endpoint as an operational error naming the call, bucket, endpoint and cause", async () => {
    // Prepare
    s3.on(ListObjectsV2Command).rejects(connectionRefused());
    const deps = depsAt("http://127.0.0.1:4566");

    // Act
    const error = await runReplay(deps, {
      bucket: STAGING_BUCKET,
      prefix: "prod-eks/globex/",
      timeoutSeconds: 60,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );

    // Assess
    expect(error).toBeInstanceOf(AwsOperationError);
    expect(error).toBeInstanceOf(LoghopError);
    expect((error as AwsOperationError).message).toBe(
      `ListObjectsV2 on s3://${STAGING_BUCKET}/prod-eks/globex/ failed after 3 attempt(s) (endpoint http://127.0.0.1:4566): ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:4566`,
    );
    expect((error as AwsOperationError).failure).toStrictEqual({
      operation: "ListObjectsV2",
      target: `s3://${STAGING_BUCKET}/prod-eks/globex/`,
      endpoint: "http://127.0.0.1:4566",
      errorName: "ECONNREFUSED",
      errorMessage: "connect ECONNREFUSED 127.0.0.1:4566",
      attempts: 3,
    });
  });

  it("reports a service error on a later page with the AWS error name, and the AWS region when no endpoint is set", async () => {
    // Prepare
    s3.on(ListObjectsV2Command)
      .resolvesOnce({
        Contents: [{ Key: "prod-eks/globex/web/p/1.json.gz" }],
        IsTruncated: true,
        NextContinuationToken: "t",
      })
      .rejectsOnce(
        new NoSuchBucket({ message: "The specified bucket does not exist", $metadata: { httpStatusCode: 404 } }),
      );

    // Act
    const listing = listStagedObjects(depsAt(), { bucket: "gone", prefix: "", timeoutSeconds: 60 });

    // Assess
    await expect(listing).rejects.toThrow(
      "ListObjectsV2 on s3://gone/ failed (endpoint AWS eu-west-1): NoSuchBucket: The specified bucket does not exist",
    );
    await expect(listing).rejects.toMatchObject({
      name: "AwsOperationError",
      failure: {
        operation: "ListObjectsV2",
        target: "s3://gone/",
        endpoint: "AWS eu-west-1",
        errorName: "NoSuchBucket",
        errorMessage: "The specified bucket does not exist",
      },
    });
    expect(s3).toHaveReceivedNthCommandWith(2, ListObjectsV2Command, { Bucket: "gone", ContinuationToken: "t" });
  });

  it("lets a genuine bug through unchanged (the CLI reports it as one)", async () => {
    // Prepare
    const bug = new TypeError("Cannot read properties of undefined (reading 'Key')");
    s3.on(ListObjectsV2Command).rejects(bug);

    // Act
    const error = await listStagedObjects(depsAt(), { bucket: "b", prefix: "", timeoutSeconds: 60 }).catch(
      (e: unknown) => e,
    );

    // Assess
    expect(error).toBe(bug);
    expect(error).not.toBeInstanceOf(LoghopError);
  });
});

describe("sqs worker: polling the queue", () => {
  it("stops with an operational error naming the queue when ReceiveMessage fails", async () => {
    // Prepare
    sqs.on(ReceiveMessageCommand).rejects(
      new QueueDoesNotExist({
        message: "The specified queue does not exist.",
        $metadata: { httpStatusCode: 400, attempts: 1 },
      }),
    );
    const client = new SQSClient({ region: "eu-west-1", endpoint: "http://127.0.0.1:4566" });

    // Act
    const run = runSqsWorker(depsAt(), client, { queueUrl: QUEUE_URL, waitTimeSeconds: 0, maxReceives: 1 });

    // Assess
    await expect(run).rejects.toThrow(
      `ReceiveMessage on ${QUEUE_URL} failed after 1 attempt(s) (endpoint http://127.0.0.1:4566): QueueDoesNotExist: The specified queue does not exist.`,
    );
    await expect(run).rejects.toBeInstanceOf(ProcessorCliError);
  });

  it("returns quietly when the receive fails because the worker was stopped", async () => {
    // Prepare
    const abort = new AbortController();
    sqs.on(ReceiveMessageCommand).callsFake(() => {
      abort.abort();
      throw Object.assign(new Error("Request aborted"), { name: "AbortError", $metadata: {} });
    });

    // Act
    const totals = await runSqsWorker(depsAt(), new SQSClient({ region: "eu-west-1" }), {
      queueUrl: QUEUE_URL,
      signal: abort.signal,
    });

    // Assess
    expect(totals).toStrictEqual({ received: 0, deleted: 0, failed: 0, deleteFailed: 0, visibilityExtendFailed: 0 });
    expect(sqs).toHaveReceivedCommandTimes(ReceiveMessageCommand, 1);
  });
});

describe("the mode boundary", () => {
  it("tells AWS, network and credentials failures from bugs", () => {
    expect(isServiceOrNetworkError(connectionRefused())).toBe(true);
    expect(isServiceOrNetworkError(Object.assign(new Error("getaddrinfo ENOTFOUND x"), { code: "ENOTFOUND" }))).toBe(
      true,
    );
    expect(
      isServiceOrNetworkError(
        Object.assign(new Error("Could not load credentials from any providers"), { name: "CredentialsProviderError" }),
      ),
    ).toBe(true);
    expect(isServiceOrNetworkError(new RangeError("Invalid array length"))).toBe(false);
    expect(isServiceOrNetworkError("ECONNREFUSED")).toBe(false);
  });

  it("describes the endpoint without masking the failure when the client's configuration cannot be resolved", async () => {
    const broken = {
      config: {
        region: () => Promise.reject(new Error("Region is missing")),
      },
    };
    expect(await describeEndpoint(broken)).toBe("unknown (the client configuration could not be resolved)");
    await expect(
      atBoundary({ operation: "ReceiveMessage", target: QUEUE_URL, client: broken }, () =>
        Promise.reject(connectionRefused()),
      ),
    ).rejects.toThrow(/\(endpoint unknown \(the client configuration could not be resolved\)\): ECONNREFUSED/);
  });

  it("reports a manual-mode input problem as the user's input, not as a bug", () => {
    expect(() => messagesFromEvent("{}")).toThrow(ManualInputError);
    expect(() => messagesFromEvent("{}")).toThrow(LoghopError);
  });
});
