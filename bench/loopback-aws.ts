/**
 * The processor benchmark's AWS: one loopback HTTP server answering every
 * call the processor makes on its real path, as cheaply as it can so the
 * processor dominates — S3 GetObject (path-style, the staged file streamed
 * from disk), STS AssumeRole, DynamoDB GetItem (the tenant shards) and
 * UpdateItem (checkpoints), CloudWatch Logs PutLogEvents. It counts every
 * request by API; `GET /__loopback/counts` returns the counts and
 * `POST /__loopback/reset` clears them.
 *
 * Run as its own process (pinned to the core the processor does not use):
 * `node -r tsx/cjs bench/loopback-aws.ts <plan.json>` prints its port.
 */
import { createReadStream, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** What the server serves: staged objects by bucket/key, tenant shard items (DynamoDB JSON) by partition key. */
export interface LoopbackPlan {
  readonly objects: Readonly<Record<string, { readonly file: string; readonly bytes: number; readonly eTag: string }>>;
  readonly tenantShards: Readonly<Record<string, object>>;
}

const JSON_10 = "application/x-amz-json-1.0";
const JSON_11 = "application/x-amz-json-1.1";
/** Every claim starts from nothing: the benchmark delivers each object once. */
const FRESH_CHECKPOINT = JSON.stringify({
  Attributes: { acceptedEvents: { N: "0" }, complete: { BOOL: false } },
});

function assumeRoleXml(): string {
  const expiration = new Date(Date.now() + 3600_000).toISOString();
  return (
    '<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>' +
    "<Credentials><AccessKeyId>ASIABENCH</AccessKeyId><SecretAccessKey>bench-secret</SecretAccessKey>" +
    `<SessionToken>bench-token</SessionToken><Expiration>${expiration}</Expiration></Credentials>` +
    "<AssumedRoleUser><AssumedRoleId>AROABENCH:bench</AssumedRoleId>" +
    "<Arn>arn:aws:sts::111111111111:assumed-role/bench/bench</Arn></AssumedRoleUser>" +
    "</AssumeRoleResult><ResponseMetadata><RequestId>bench</RequestId></ResponseMetadata></AssumeRoleResponse>"
  );
}

function answer(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { "content-type": contentType, "content-length": Buffer.byteLength(body) });
  res.end(body);
}

/** Reads a small request body (DynamoDB GetItem, STS); large ones (PutLogEvents) are drained unread. */
function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function drain(req: IncomingMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    req.on("data", () => undefined);
    req.on("end", () => resolve());
    req.on("error", reject);
  });
}

export function serveLoopbackAws(plan: LoopbackPlan): Promise<{ port: number; close: () => void }> {
  const counts = new Map<string, number>();
  const count = (api: string) => counts.set(api, (counts.get(api) ?? 0) + 1);
  const lastModified = new Date().toUTCString();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = req.url ?? "/";
    if (url === "/__loopback/counts")
      return answer(res, 200, "application/json", JSON.stringify(Object.fromEntries(counts)));
    if (url === "/__loopback/reset") {
      counts.clear();
      await drain(req);
      return answer(res, 200, "application/json", "{}");
    }
    const target = req.headers["x-amz-target"];
    if (req.method === "GET") {
      count("GetObject");
      const path = decodeURIComponent(url.split("?")[0]!.slice(1));
      const object = plan.objects[path];
      if (object === undefined) return answer(res, 404, "application/xml", "<Error><Code>NoSuchKey</Code></Error>");
      res.writeHead(200, {
        "content-type": "application/x-ndjson",
        "content-length": object.bytes,
        etag: `"${object.eTag}"`,
        "last-modified": lastModified,
      });
      createReadStream(object.file, { highWaterMark: 1 << 20 }).pipe(res);
      return;
    }
    if (typeof target === "string") {
      const api = target.slice(target.indexOf(".") + 1);
      count(api);
      if (api === "PutLogEvents") {
        await drain(req);
        return answer(res, 200, JSON_11, "{}");
      }
      if (api === "UpdateItem") {
        await drain(req);
        return answer(res, 200, JSON_10, FRESH_CHECKPOINT);
      }
      if (api === "GetItem") {
        const get = JSON.parse(await readBody(req)) as { Key: { tenantId: { S: string } } };
        const item = plan.tenantShards[get.Key.tenantId.S];
        return answer(res, 200, JSON_10, JSON.stringify(item === undefined ? {} : { Item: item }));
      }
      await drain(req);
      return answer(res, 400, JSON_11, JSON.stringify({ __type: "UnknownOperationException", message: api }));
    }
    const form = await readBody(req);
    if (form.includes("Action=AssumeRole")) {
      count("AssumeRole");
      return answer(res, 200, "text/xml", assumeRoleXml());
    }
    count(`${req.method} ${url}`);
    return answer(res, 400, "text/plain", "unknown request");
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => answer(res, 500, "text/plain", String(error)));
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((ready) =>
    server.listen(0, "127.0.0.1", () =>
      ready({ port: (server.address() as AddressInfo).port, close: () => server.close() }),
    ),
  );
}

if (require.main === module) {
  const plan = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as LoopbackPlan;
  void serveLoopbackAws(plan).then(({ port }) => process.stdout.write(`${port}\n`));
}
