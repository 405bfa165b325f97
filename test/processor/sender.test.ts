import "aws-sdk-client-mock-jest";
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
  ThrottlingException,
  ServiceUnavailableException,
  InvalidParameterException,
  LimitExceededException,
} from "@aws-sdk/client-cloudwatch-logs";
import { mockClient } from "aws-sdk-client-mock";
import { countRejected, putBatch, type StreamTarget } from "../../processor/cloudwatch/sender";
import { classifyError } from "../../processor/failures/classify";
import { ProcessorError } from "../../processor/failures/errors";
import type { LogBatch } from "../../processor/cloudwatch/types";

const logs = mockClient(CloudWatchLogsClient);
const client = new CloudWatchLogsClient({ region: "eu-west-1", maxAttempts: 1 });
const fixedGroup: StreamTarget = {
  logGroupName: "/loghop/globex",
  logStreamName: "prod-eks/web/web-1",
  mayCreateGroup: false,
};
const prefixGroup: StreamTarget = {
  ...fixedGroup,
  logGroupName: "/initech/web",
  mayCreateGroup: true,
  retentionDays: 7,
};
const batch: LogBatch = {
  events: [
    { timestamp: 1, message: "a", bytes: 1 },
    { timestamp: 2, message: "b", bytes: 1 },
  ],
  payloadBytes: 54,
};
const instant = { deadline: { remainingMs: () => 60_000 }, reserveMs: 1000, backoff: { sleep: async () => undefined } };

const notFound = () =>
  new ResourceNotFoundException({ message: "The specified log stream does not exist.", $metadata: {} });
const exists = () => new ResourceAlreadyExistsException({ message: "exists", $metadata: {} });

beforeEach(() => logs.reset());

describe("putBatch", () => {
  it("puts first, and sends the batch's events in order", async () => {
    logs.on(PutLogEventsCommand).resolves({});
    await expect(putBatch(client, fixedGroup, batch, instant)).resolves.toStrictEqual({
      rejected: 0,
      tooOld: 0,
      tooNew: 0,
      expired: 0,
      retries: 0,
    });
    expect(logs).toHaveReceivedCommandTimes(PutLogEventsCommand, 1);
    expect(logs).toHaveReceivedCommandWith(PutLogEventsCommand, {
      logGroupName: "/loghop/globex",
      logStreamName: "prod-eks/web/web-1",
      logEvents: batch.events,
    });
    expect(logs).not.toHaveReceivedCommand(CreateLogStreamCommand);
  });

  it("on ResourceNotFound creates the stream and puts again", async () => {
    logs.on(PutLogEventsCommand).rejectsOnce(notFound()).resolves({});
    logs.on(CreateLogStreamCommand).resolves({});
    await putBatch(client, fixedGroup, batch, instant);
    expect(logs).toHaveReceivedCommandTimes(PutLogEventsCommand, 2);
    expect(logs).toHaveReceivedCommandWith(CreateLogStreamCommand, {
      logGroupName: "/loghop/globex",
      logStreamName: "prod-eks/web/web-1",
    });
    expect(logs).not.toHaveReceivedCommand(CreateLogGroupCommand);
  });

  it("treats ResourceAlreadyExists on create as success (another invocation won)", async () => {
    logs.on(PutLogEventsCommand).rejectsOnce(notFound()).resolves({});
    logs.on(CreateLogStreamCommand).rejects(exists());
    await expect(putBatch(client, fixedGroup, batch, instant)).resolves.toMatchObject({ rejected: 0 });
  });

  it("in prefix mode creates the missing group with its retention, then the stream", async () => {
    logs.on(PutLogEventsCommand).rejectsOnce(notFound()).resolves({});
    logs.on(CreateLogStreamCommand).rejectsOnce(notFound()).resolves({});
    logs.on(CreateLogGroupCommand).resolves({});
    logs.on(PutRetentionPolicyCommand).resolves({});
    await putBatch(client, prefixGroup, batch, instant);
    expect(logs).toHaveReceivedCommandWith(CreateLogGroupCommand, { logGroupName: "/initech/web" });
    expect(logs).toHaveReceivedCommandWith(PutRetentionPolicyCommand, {
      logGroupName: "/initech/web",
      retentionInDays: 7,
    });
    expect(logs).toHaveReceivedCommandTimes(CreateLogStreamCommand, 2);
  });

  it("reports a missing fixed group as permanent misconfiguration", async () => {
    logs.on(PutLogEventsCommand).rejects(notFound());
    logs.on(CreateLogStreamCommand).rejects(notFound());
    const error = await putBatch(client, fixedGroup, batch, instant).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProcessorError);
    expect(classifyError(error)).toStrictEqual({ kind: "permanent", reason: "log-group-missing" });
    expect(logs).not.toHaveReceivedCommand(CreateLogGroupCommand);
  });

  it("classifies AccessDenied on CreateLogGroup as permanent", async () => {
    logs.on(PutLogEventsCommand).rejects(notFound());
    logs.on(CreateLogStreamCommand).rejects(notFound());
    const denied = Object.assign(new Error("not authorized"), {
      name: "AccessDeniedException",
      $metadata: { httpStatusCode: 400 },
    });
    logs.on(CreateLogGroupCommand).rejects(denied);
    const error = await putBatch(client, prefixGroup, batch, instant).catch((e: unknown) => e);
    expect(classifyError(error)).toStrictEqual({ kind: "permanent", reason: "access-denied" });
  });

  it("retries throttling and 5xx with backoff and counts the retries", async () => {
    const throttled = new ThrottlingException({ message: "Rate exceeded", $metadata: { httpStatusCode: 400 } });
    const unavailable = new ServiceUnavailableException({ message: "down", $metadata: { httpStatusCode: 503 } });
    logs.on(PutLogEventsCommand).rejectsOnce(throttled).rejectsOnce(unavailable).resolves({});
    const waits: number[] = [];
    const result = await putBatch(client, fixedGroup, batch, {
      ...instant,
      backoff: { sleep: async (ms) => void waits.push(ms), random: () => 0.5, baseDelayMs: 100 },
    });
    expect(result.retries).toBe(2);
    expect(waits).toStrictEqual([50, 100]);
  });

  it("gives up on throttling when the next wait would cross the deadline, keeping the reserve", async () => {
    logs.on(PutLogEventsCommand).rejects(new ThrottlingException({ message: "Rate exceeded", $metadata: {} }));
    let now = 0;
    const deadline = { remainingMs: () => 3000 - now };
    const error = await putBatch(client, fixedGroup, batch, {
      deadline,
      reserveMs: 1000,
      backoff: { sleep: async (ms) => void (now += ms), random: () => 0.99, baseDelayMs: 400 },
    }).catch((e: unknown) => e);
    expect(classifyError(error)).toStrictEqual({ kind: "transient", reason: "throttled" });
    expect(now).toBeLessThanOrEqual(2000);
  });

  it("does not retry a request CloudWatch refuses as invalid", async () => {
    logs
      .on(PutLogEventsCommand)
      .rejects(new InvalidParameterException({ message: "bad", $metadata: { httpStatusCode: 400 } }));
    const error = await putBatch(client, fixedGroup, batch, instant).catch((e: unknown) => e);
    expect(classifyError(error)).toStrictEqual({ kind: "permanent", reason: "invalid-request" });
    expect(logs).toHaveReceivedCommandTimes(PutLogEventsCommand, 1);
  });

  it("treats CloudWatch's LimitExceededException as a quota to raise, not throttling: no retry, permanent", async () => {
    // CreateLogGroup at the account's log-group quota answers LimitExceededException.
    logs
      .on(PutLogEventsCommand)
      .rejects(new LimitExceededException({ message: "Resource limit exceeded", $metadata: { httpStatusCode: 400 } }));
    const error = await putBatch(client, fixedGroup, batch, instant).catch((e: unknown) => e);
    expect(classifyError(error)).toStrictEqual({ kind: "permanent", reason: "quota-exceeded" });
    expect(logs).toHaveReceivedCommandTimes(PutLogEventsCommand, 1);
  });

  it("counts rejectedLogEventsInfo", async () => {
    logs.on(PutLogEventsCommand).resolves({ rejectedLogEventsInfo: { tooNewLogEventStartIndex: 1 } });
    await expect(putBatch(client, fixedGroup, batch, instant)).resolves.toMatchObject({ rejected: 1, tooNew: 1 });
  });
});

describe("countRejected", () => {
  it("reads old/expired end indexes as exclusive and the new start index as inclusive", () => {
    expect(
      countRejected(
        {
          rejectedLogEventsInfo: { tooOldLogEventEndIndex: 3, expiredLogEventEndIndex: 2, tooNewLogEventStartIndex: 8 },
        },
        10,
      ),
    ).toStrictEqual({
      rejected: 5,
      tooOld: 3,
      tooNew: 2,
      expired: 2,
    });
    expect(countRejected({}, 10)).toStrictEqual({ rejected: 0, tooOld: 0, tooNew: 0, expired: 0 });
  });
});
