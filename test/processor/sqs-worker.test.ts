import "aws-sdk-client-mock-jest";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SQSClient,
  type Message,
} from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import { MemoryLogger } from "../../processor/observability/logger";
import { MemoryMetrics } from "../../processor/observability/metrics";
import { createProcessorDeps } from "../../processor/runtime/dependencies";
import { extendVisibility, runSqsWorker } from "../../processor/modes/sqs-worker";
import { processorConfig, snsEnvelope } from "./factories";

const QUEUE_URL = "https://sqs.eu-west-1.amazonaws.com/111111111111/loghop-objects";
/** S3's test notification: processed successfully without reading any object, so the worker deletes it. */
const TEST_EVENT = snsEnvelope({ Service: "Amazon S3", Event: "s3:TestEvent", Bucket: "b" });

function message(id: string, body = TEST_EVENT): Message & { MessageId: string; ReceiptHandle: string } {
  return { MessageId: id, ReceiptHandle: `rh-${id}`, Body: body };
}

const sqs = mockClient(SQSClient);
const client = new SQSClient({ region: "eu-west-1" });
let logger: MemoryLogger;

function deps() {
  return createProcessorDeps(processorConfig(), { region: "eu-west-1", logger, metrics: new MemoryMetrics() });
}

function logged(outcome: string) {
  return logger.entries.filter((e) => e.fields.outcome === outcome);
}

beforeEach(() => {
  sqs.reset();
  logger = new MemoryLogger();
});

describe("sqs worker: deleting processed messages", () => {
  it("counts a delete SQS refused as deleteFailed, not deleted, and logs its entry id, code and message", async () => {
    // Prepare
    sqs.on(ReceiveMessageCommand).resolves({
      Messages: [message("m1"), message("m2"), message("m3", "not json")],
    });
    sqs.on(DeleteMessageBatchCommand).resolves({
      Successful: [{ Id: "0" }],
      Failed: [
        { Id: "1", Code: "ReceiptHandleIsInvalid", SenderFault: true, Message: "The receipt handle has expired." },
      ],
    });

    // Act
    const totals = await runSqsWorker(deps(), client, { queueUrl: QUEUE_URL, waitTimeSeconds: 0, maxReceives: 1 });

    // Assess
    expect(totals).toStrictEqual({ received: 3, deleted: 1, failed: 1, deleteFailed: 1, visibilityExtendFailed: 0 });
    expect(sqs).toHaveReceivedCommandWith(DeleteMessageBatchCommand, {
      QueueUrl: QUEUE_URL,
      Entries: [
        { Id: "0", ReceiptHandle: "rh-m1" },
        { Id: "1", ReceiptHandle: "rh-m2" },
      ],
    });
    expect(logged("delete-failed")).toStrictEqual([
      {
        level: "warn",
        message: "message processed but not deleted: it will reappear and its checkpoints make that a no-op",
        fields: {
          outcome: "delete-failed",
          operation: "DeleteMessageBatch",
          queueUrl: QUEUE_URL,
          messageId: "m2",
          entryId: "1",
          code: "ReceiptHandleIsInvalid",
          senderFault: true,
          error: "The receipt handle has expired.",
        },
      },
    ]);
  });

  it("counts every message of a delete call that failed outright, and keeps polling", async () => {
    // Prepare
    sqs
      .on(ReceiveMessageCommand)
      .resolvesOnce({ Messages: [message("m1"), message("m2")] })
      .resolves({ Messages: [message("m3")] });
    sqs
      .on(DeleteMessageBatchCommand)
      .rejectsOnce(Object.assign(new Error("socket hang up"), { code: "ECONNRESET", $metadata: { attempts: 3 } }))
      .resolves({ Successful: [{ Id: "0" }], Failed: [] });

    // Act
    const totals = await runSqsWorker(deps(), client, { queueUrl: QUEUE_URL, waitTimeSeconds: 0, maxReceives: 2 });

    // Assess
    expect(totals).toStrictEqual({ received: 3, deleted: 1, failed: 0, deleteFailed: 2, visibilityExtendFailed: 0 });
    expect(logged("delete-failed").map((e) => [e.fields.messageId, e.fields.code, e.fields.error])).toStrictEqual([
      ["m1", "ECONNRESET", "socket hang up"],
      ["m2", "ECONNRESET", "socket hang up"],
    ]);
  });
});

describe("sqs worker: renewing visibility", () => {
  it("returns and logs the renewals SQS refused, per message", async () => {
    // Prepare
    sqs.on(ChangeMessageVisibilityBatchCommand).resolves({
      Successful: [{ Id: "1" }],
      Failed: [{ Id: "0", Code: "MessageNotInflight", SenderFault: true, Message: "Message is not in flight." }],
    });

    // Act
    const failures = await extendVisibility(client, QUEUE_URL, [message("m1"), message("m2")], 90, logger);

    // Assess
    expect(failures).toBe(1);
    expect(sqs).toHaveReceivedCommandWith(ChangeMessageVisibilityBatchCommand, {
      QueueUrl: QUEUE_URL,
      Entries: [
        { Id: "0", ReceiptHandle: "rh-m1", VisibilityTimeout: 90 },
        { Id: "1", ReceiptHandle: "rh-m2", VisibilityTimeout: 90 },
      ],
    });
    expect(logged("visibility-extend-failed").map((e) => e.fields)).toStrictEqual([
      {
        outcome: "visibility-extend-failed",
        operation: "ChangeMessageVisibilityBatch",
        queueUrl: QUEUE_URL,
        messageId: "m1",
        entryId: "0",
        code: "MessageNotInflight",
        senderFault: true,
        error: "Message is not in flight.",
      },
    ]);
  });

  it("renews while a batch is being processed and counts the refusals in the totals", async () => {
    // Prepare: the delete waits until a heartbeat (every third of the 3 s visibility) has been refused.
    jest.useFakeTimers();
    try {
      sqs.on(ReceiveMessageCommand).resolves({ Messages: [message("m1")] });
      sqs.on(ChangeMessageVisibilityBatchCommand).resolves({
        Failed: [{ Id: "0", Code: "ReceiptHandleIsInvalid", SenderFault: true, Message: "expired" }],
      });
      sqs.on(DeleteMessageBatchCommand).callsFake(async () => {
        await jest.advanceTimersByTimeAsync(1_000);
        return { Successful: [{ Id: "0" }] };
      });

      // Act
      const totals = await runSqsWorker(deps(), client, {
        queueUrl: QUEUE_URL,
        waitTimeSeconds: 0,
        maxReceives: 1,
        visibilityTimeoutSeconds: 3,
      });

      // Assess
      expect(totals).toStrictEqual({ received: 1, deleted: 1, failed: 0, deleteFailed: 0, visibilityExtendFailed: 1 });
      expect(sqs).toHaveReceivedCommandTimes(ChangeMessageVisibilityBatchCommand, 1);
    } finally {
      jest.useRealTimers();
    }
  });
});

describe("sqs worker: the health file the pod's probes read", () => {
  it("is written before the first receive and rewritten before each one", async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), "loghop-worker-health-"));
    const healthFile = join(dir, "alive");
    const seen: boolean[] = [];
    sqs.on(ReceiveMessageCommand).callsFake(() => {
      seen.push(existsSync(healthFile));
      rmSync(healthFile, { force: true });
      return { Messages: [] };
    });
    try {
      // Act
      await runSqsWorker(deps(), client, { queueUrl: QUEUE_URL, waitTimeSeconds: 0, maxReceives: 3, healthFile });
      // Assess: present at every receive although each receive removed it.
      expect(seen).toStrictEqual([true, true, true]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a health file that cannot be written is logged, and the worker goes on polling", async () => {
    sqs.on(ReceiveMessageCommand).resolves({ Messages: [] });
    const totals = await runSqsWorker(deps(), client, {
      queueUrl: QUEUE_URL,
      waitTimeSeconds: 0,
      maxReceives: 2,
      healthFile: join(tmpdir(), "no-such-dir-loghop", "alive"),
    });
    expect(totals.received).toBe(0);
    expect(sqs).toHaveReceivedCommandTimes(ReceiveMessageCommand, 2);
    expect(logger.entries.filter((e) => e.message === "could not write the health file")).toHaveLength(2);
  });
});
