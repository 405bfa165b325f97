import { decodeS3EventKey, parseSqsBody, parseStagedKey } from "../../processor/events";
import { s3EventDocument, snsEnvelope, STAGING_BUCKET } from "./factories";

describe("SQS message bodies", () => {
  it("unwraps an SNS envelope around an S3 event and URL-decodes the key (+ is a space)", () => {
    const body = snsEnvelope(s3EventDocument(["prod-eks/globex/web app/web-1/2026-11-24T10:00:00Z-a.json.gz"]));
    expect(parseSqsBody(body)).toStrictEqual({
      kind: "objects",
      ignoredEvents: 0,
      objects: [
        {
          bucket: STAGING_BUCKET,
          key: "prod-eks/globex/web app/web-1/2026-11-24T10:00:00Z-a.json.gz",
          eTag: "etag0",
          size: 100,
          eventTime: "2026-11-24T10:00:00.000Z",
          sequencer: "000",
        },
      ],
    });
  });

  it("accepts a raw S3 event body (raw delivery or S3 → SQS directly)", () => {
    const content = parseSqsBody(JSON.stringify(s3EventDocument(["c/t/a/p/f.gz", "c/t/a/p/g.gz"])));
    expect(content.kind === "objects" && content.objects.map((o) => o.key)).toStrictEqual([
      "c/t/a/p/f.gz",
      "c/t/a/p/g.gz",
    ]);
  });

  it("recognises s3:TestEvent in both forms", () => {
    const test = { Service: "Amazon S3", Event: "s3:TestEvent", Bucket: STAGING_BUCKET };
    expect(parseSqsBody(JSON.stringify(test))).toStrictEqual({ kind: "test-event" });
    expect(parseSqsBody(snsEnvelope(test))).toStrictEqual({ kind: "test-event" });
  });

  it("counts non-ObjectCreated records as ignored", () => {
    const content = parseSqsBody(JSON.stringify(s3EventDocument(["c/t/a/p/f"], { eventName: "ObjectRemoved:Delete" })));
    expect(content).toStrictEqual({ kind: "objects", objects: [], ignoredEvents: 1 });
  });

  it.each([
    ["not json", "message body is not JSON"],
    ['{"Type":"Notification","Message":"{"}', "SNS Message is not JSON"],
    ['{"Records":[{"eventSource":"aws:sqs"}]}', "Records/0 is not an aws:s3 event record"],
    ['{"hello":1}', "S3 event has no Records array"],
  ])("reports a malformed body %j with its reason", (body, reason) => {
    expect(parseSqsBody(body)).toStrictEqual({ kind: "malformed", reason });
  });
});

describe("staged keys", () => {
  it("decodes S3's form encoding", () => {
    expect(decodeS3EventKey("a+b%2Bc/%C3%A9")).toBe("a b+c/é");
  });

  it("splits cluster/tenant/application/pod/file, the file keeping its slashes", () => {
    expect(parseStagedKey("prod-eks/globex/web/web-1/2026/11/x.json.gz")).toStrictEqual({
      ok: true,
      key: { cluster: "prod-eks", tenant: "globex", application: "web", pod: "web-1", file: "2026/11/x.json.gz" },
    });
  });

  it.each([
    ["prod-eks/globex/web/x.gz", "key must be <cluster>/<tenant>/<application>/<pod>/<file>, got 4 segment(s)"],
    ["prod-eks//web/web-1/x.gz", 'key segment tenant must not be empty, "." or "..", got ""'],
    ["prod-eks/../web/web-1/x.gz", 'key segment tenant must not be empty, "." or "..", got ".."'],
    // The file part lands in the tenant's S3 key: a path-mapping sync tool must not be walked upwards.
    [
      "prod-eks/globex/web/web-1/../../x.gz",
      'key segment file must not contain an empty, "." or ".." part, got "../../x.gz"',
    ],
    [
      "prod-eks/globex/web/web-1/2026//x.gz",
      'key segment file must not contain an empty, "." or ".." part, got "2026//x.gz"',
    ],
  ])("refuses %s", (key, reason) => {
    expect(parseStagedKey(key)).toStrictEqual({ ok: false, reason });
  });
});
