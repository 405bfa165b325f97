import { CloudWatchLogsClient, PutLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { putLogEventsBody, useFastPutLogEventsSerializer } from "../../processor/cloudwatch/fast-serializer";

describe("putLogEventsBody", () => {
  it("writes the same JSON document JSON.stringify would, escaping only what needs it", () => {
    const input = {
      logGroupName: "/g",
      logStreamName: "c/app-é/p",
      logEvents: [
        { timestamp: 1, message: "plain ascii", plain: true, bytes: 11 },
        { timestamp: 1, message: "plain ü", plain: true, bytes: 8 },
        { timestamp: 2, message: 'quote " backslash \\ tab \t newline \n nul \u0000' },
        { timestamp: 3, message: "é € 😀 and a lone \ud800 surrogate" },
        { timestamp: 4, message: "" },
      ],
    };
    const expected = {
      logGroupName: "/g",
      logStreamName: "c/app-é/p",
      logEvents: input.logEvents.map(({ timestamp, message }) => ({ timestamp, message })),
    };
    const body = putLogEventsBody(input);
    expect(JSON.parse(body.toString("utf8"))).toStrictEqual(expected);
    expect(body.toString("utf8")).toBe(JSON.stringify(expected));
  });
});

describe("putLogEventsBody timestamps", () => {
  it("writes every timestamp as JSON does, across the digit-writing boundaries", () => {
    const timestamps = [
      0,
      7,
      10,
      99_999_999,
      100_000_000,
      100_000_001,
      1_764_000_000_123,
      1_700_000_000_000,
      100_000_000_000_005,
      Number.MAX_SAFE_INTEGER,
      -1,
      -1_764_000_000_000,
      1.5,
      2 ** 60,
    ];
    const input = {
      logGroupName: "/g",
      logStreamName: "s",
      logEvents: timestamps.map((timestamp) => ({ timestamp, message: "m", plain: true, bytes: 1 })),
    };

    const body = putLogEventsBody(input).toString("utf8");

    expect(body).toBe(
      JSON.stringify({
        logGroupName: "/g",
        logStreamName: "s",
        logEvents: timestamps.map((timestamp) => ({ timestamp, message: "m" })),
      }),
    );
  });
});

describe("useFastPutLogEventsSerializer", () => {
  it("sends that body, signed, with its content length, through the real SDK", async () => {
    const received: { body: string; headers: IncomingMessage["headers"] }[] = [];
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        received.push({ body: Buffer.concat(chunks).toString("utf8"), headers: request.headers });
        response.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
        response.end("{}");
      });
    });
    await new Promise<void>((ready) => server.listen(0, "127.0.0.1", () => ready()));
    try {
      const client = useFastPutLogEventsSerializer(
        new CloudWatchLogsClient({
          region: "eu-west-1",
          endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
          credentials: { accessKeyId: "AKID", secretAccessKey: "secret" },
        }),
      );
      const logEvents = [
        { timestamp: 10, message: 'a "quoted" line' },
        { timestamp: 11, message: "second" },
      ];
      await client.send(new PutLogEventsCommand({ logGroupName: "/g", logStreamName: "s", logEvents }));
      expect(JSON.parse(received[0]!.body)).toStrictEqual({ logGroupName: "/g", logStreamName: "s", logEvents });
      expect(received[0]!.headers["content-length"]).toBe(String(Buffer.byteLength(received[0]!.body)));
      expect(received[0]!.headers["x-amz-target"]).toBe("Logs_20140328.PutLogEvents");
      expect(received[0]!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 /);
    } finally {
      server.close();
    }
  });
});
