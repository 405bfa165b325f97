import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { CloudWatchLogsClient, PutLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { ProgressSchedule } from "../../processor/checkpoints/progress-schedule";
import { ATTEMPT_TIMEOUTS, baseClientConfig } from "../../processor/aws/client-config";
import { DeadlineReachedError } from "../../processor/failures/errors";
import {
  callBudgetMs,
  LEASE_GRACE_MS,
  leaseUntilMs,
  saveReserveMs,
  sendWithin,
  startCallTimer,
} from "../../processor/runtime/call-budget";
import { deadlineAt } from "../../processor/runtime/deadline";

describe("call budget", () => {
  it("gives a call the time left minus what must stay free, and refuses when none is left", () => {
    // Prepare
    let now = 1_000_000;
    const deadline = deadlineAt(1_060_000, () => now);
    // Act / Assess
    expect(callBudgetMs({ deadline, reserveMs: 15_000 })).toBe(45_000);
    now = 1_045_000;
    expect(() => callBudgetMs({ deadline, reserveMs: 15_000 })).toThrow(DeadlineReachedError);
    expect(callBudgetMs({ deadline, reserveMs: saveReserveMs(15_000) })).toBe(14_000);
  });

  it("keeps saving progress at most a quarter of the stop margin, never more than 1 s, from the hard deadline", () => {
    expect(saveReserveMs(15_000)).toBe(1000);
    expect(saveReserveMs(2_000)).toBe(500);
  });

  it("leases until the deadline plus the grace, so a request cut off at the deadline is outlived", () => {
    const deadline = deadlineAt(2_000_000, () => 1_940_000);
    expect(leaseUntilMs(1_940_000, deadline)).toBe(2_000_000 + LEASE_GRACE_MS);
    // A deadline already passed leases only the grace.
    expect(
      leaseUntilMs(
        2_100_000,
        deadlineAt(2_000_000, () => 2_100_000),
      ),
    ).toBe(2_100_000 + LEASE_GRACE_MS);
  });

  it("turns a call its timer cut off into DeadlineReachedError carrying the aborted request as cause", async () => {
    const deadline = deadlineAt(Date.now() + 60);
    const error = await sendWithin(
      { deadline, reserveMs: 10 },
      ({ abortSignal }) =>
        new Promise((_, reject) =>
          abortSignal!.addEventListener("abort", () =>
            reject(Object.assign(new Error("aborted"), { name: "AbortError" })),
          ),
        ),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeadlineReachedError);
    expect((error as DeadlineReachedError).cause).toMatchObject({ name: "AbortError" });
  });

  it("passes other errors through unchanged and disarms the timer after the call", async () => {
    const timer = startCallTimer({ deadline: deadlineAt(Date.now() + 50), reserveMs: 0 });
    timer.stop();
    await new Promise((r) => setTimeout(r, 80));
    expect(timer.expired).toBe(false);
    const denied = Object.assign(new Error("no"), { name: "AccessDenied" });
    expect(timer.explain(denied)).toBe(denied);
  });

  it("sets per-attempt connection, header and idle timeouts on every SDK client", () => {
    expect(baseClientConfig("eu-west-1", "http://127.0.0.1:1").requestHandler).toStrictEqual({
      connectionTimeout: 3_000,
      requestTimeout: 20_000,
      socketTimeout: 20_000,
      throwOnRequestTimeout: true,
    });
    expect(ATTEMPT_TIMEOUTS.connectionTimeout).toBeLessThan(ATTEMPT_TIMEOUTS.requestTimeout);
  });
});

describe("an SDK call against an endpoint that accepts and never answers", () => {
  let server: Server;
  let endpoint: string;
  const held: { destroy(): void }[] = [];
  beforeAll(async () => {
    server = createServer((req) => {
      held.push(req.socket);
      req.resume();
    });
    await new Promise<void>((ready) => server.listen(0, "127.0.0.1", () => ready()));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    held.forEach((s) => s.destroy());
    await new Promise((done) => server.close(() => done(undefined)));
  });

  it("ends at the budget with every SDK attempt included, not after the SDK's retries", async () => {
    // Prepare: the processor's client settings, 3 SDK attempts, a budget of 400 ms.
    const client = new CloudWatchLogsClient({
      ...baseClientConfig("eu-west-1", endpoint),
      credentials: { accessKeyId: "AKID", secretAccessKey: "s" },
    });
    const started = Date.now();
    // Act
    const error = await sendWithin({ deadline: deadlineAt(started + 500), reserveMs: 100 }, (options) =>
      client.send(
        new PutLogEventsCommand({ logGroupName: "g", logStreamName: "s", logEvents: [{ timestamp: 1, message: "m" }] }),
        options,
      ),
    ).catch((e: unknown) => e);
    // Assess
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(DeadlineReachedError);
    expect(elapsed).toBeGreaterThanOrEqual(390);
    expect(elapsed).toBeLessThan(1_500);
    client.destroy();
  });
});

describe("ProgressSchedule (checkpoint amortisation)", () => {
  it("with the default of one request writes after every request but the last (the completion records it)", () => {
    const schedule = new ProgressSchedule(1, 0);
    expect(schedule.accepted(100, false)).toBe(true);
    schedule.saved();
    expect(schedule.accepted(200, false)).toBe(true);
    schedule.saved();
    expect(schedule.accepted(250, true)).toBe(false);
    expect(schedule.unsaved).toBe(true);
    expect(schedule.acceptedEvents).toBe(250);
  });

  it("writes every N requests: a worker that dies re-sends at most N requests", () => {
    const schedule = new ProgressSchedule(4, 1_000);
    const writes: number[] = [];
    for (let request = 1; request <= 10; request++) {
      if (schedule.accepted(1_000 + request * 100, request === 10)) {
        writes.push(schedule.acceptedEvents);
        schedule.saved();
      }
    }
    // Requests 4 and 8 are saved; 9 and 10 are left to the completion write.
    expect(writes).toStrictEqual([1_400, 1_800]);
    expect(schedule.unsaved).toBe(true);
  });

  it("has nothing to save before the first request and refuses a window below one request", () => {
    expect(new ProgressSchedule(1, 500).unsaved).toBe(false);
    expect(() => new ProgressSchedule(0, 0)).toThrow(/positive integer, got 0/);
  });
});
