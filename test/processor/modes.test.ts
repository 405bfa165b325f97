import { messagesFromEvent } from "../../processor/modes/manual";
import { summarize } from "../../processor/modes/summary";
import { s3EventDocument, snsEnvelope } from "./factories";

describe("manual mode input", () => {
  const s3Event = s3EventDocument(["c/t/a/p/f.gz"]);

  it("takes a Lambda SQS event's bodies as they are", () => {
    const body = snsEnvelope(s3Event);
    const event = { Records: [{ messageId: "m1", eventSource: "aws:sqs", body }] };
    expect(messagesFromEvent(JSON.stringify(event))).toStrictEqual([{ messageId: "m1", body }]);
  });

  it("wraps an SNS event's messages as notifications", () => {
    const event = { Records: [{ EventSource: "aws:sns", Sns: { MessageId: "s1", Message: JSON.stringify(s3Event) } }] };
    const [message] = messagesFromEvent(JSON.stringify(event));
    expect(JSON.parse(message!.body)).toStrictEqual({ Type: "Notification", Message: JSON.stringify(s3Event) });
  });

  it("takes an S3 event as one message and rejects anything else with a reason", () => {
    expect(messagesFromEvent(JSON.stringify(s3Event))).toHaveLength(1);
    expect(() => messagesFromEvent("{}")).toThrow(
      "stdin: expected an SQS, SNS or S3 event with a non-empty Records array",
    );
    expect(() => messagesFromEvent("nope")).toThrow(/stdin: not JSON/);
  });
});

describe("summarize", () => {
  it("counts outcomes and fails when anything failed", () => {
    const base = { objectId: "o", bucket: "b", durationMs: 1 };
    const summary = summarize([
      {
        ...base,
        key: "k1",
        status: "delivered",
        destinations: [
          {
            deliveryId: "d",
            type: "cloudwatch",
            status: "delivered",
            events: 3,
            bytes: 90,
            resumedFrom: 0,
            rejected: 0,
            retimed: 0,
            retries: 0,
            requests: 1,
          },
        ],
      },
      { ...base, key: "k2", status: "failed", failureKind: "permanent", reason: "denied", destinations: [] },
    ]);
    expect(summary.ok).toBe(false);
    expect(summary.counts).toStrictEqual({
      delivered: 1,
      skipped: 0,
      refused: 0,
      superseded: 0,
      failed: 1,
      heartbeat: 0,
      malformedMessages: 0,
    });
    expect([summary.events, summary.bytes]).toStrictEqual([3, 90]);
    expect(summary.objects[1]).toStrictEqual({
      bucket: "b",
      key: "k2",
      status: "failed",
      reason: "denied",
      failureKind: "permanent",
      destinations: [],
    });
  });

  it("says per destination everything the delivery counted, not only events and bytes", () => {
    const read = {
      lines: 120,
      records: 110,
      malformedLines: 6,
      invalidUtf8Lines: 4,
      truncatedLines: 2,
      splitMessages: 3,
      emptyMessages: 5,
      fallbackTimestamps: 7,
      bytesRead: 40_000,
    };
    const summary = summarize([
      {
        objectId: "o",
        bucket: "b",
        key: "k",
        durationMs: 1,
        status: "delivered",
        destinations: [
          {
            deliveryId: "cloudwatch-eu-west-1-0",
            type: "cloudwatch",
            status: "delivered",
            events: 90,
            bytes: 30_000,
            resumedFrom: 20,
            rejected: 1,
            retimed: 8,
            retries: 2,
            requests: 1,
            read,
          },
        ],
      },
    ]);
    expect(summary.objects[0]!.destinations[0]).toStrictEqual({
      deliveryId: "cloudwatch-eu-west-1-0",
      status: "delivered",
      events: 90,
      bytes: 30_000,
      resumedFrom: 20,
      rejected: 1,
      retimed: 8,
      truncated: 2,
      split: 3,
      malformed: 6,
      invalidUtf8: 4,
      empty: 5,
      requests: 1,
      retries: 2,
    });
  });
});
