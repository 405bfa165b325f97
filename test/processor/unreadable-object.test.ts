import { gzipSync } from "node:zlib";
import { classifyError } from "../../processor/failures/classify";
import { CorruptObjectError, ProcessorError } from "../../processor/failures/errors";
import { maybeGunzip } from "../../processor/reading/decompress";
import { explainGetObjectError } from "../../processor/reading/unreadable-object";
import { chunksOf } from "./factories";

const REF = { bucket: "staging", key: "prod-eks/globex/web/web-1/a.json.gz" };

function s3Error(name: string, message: string, status: number): Error {
  return Object.assign(new Error(message), { name, $fault: "client", $metadata: { httpStatusCode: status } });
}

describe("objects that cannot be read", () => {
  it.each([
    [
      "InvalidObjectState",
      "The operation is not valid for the object's storage class",
      403,
      "object-unreadable",
      /archive storage class/,
    ],
    [
      "InvalidRequest",
      "The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object.",
      400,
      "object-unreadable",
      /customer-provided key \(SSE-C\)/,
    ],
    [
      "AccessDenied",
      "The ciphertext refers to a customer master key that does not exist",
      403,
      "object-unreadable",
      /KMS key/,
    ],
    ["KMS.DisabledException", "key is disabled", 400, "object-unreadable", /KMS key/],
    ["NoSuchKey", "The specified key does not exist.", 404, "object-missing", /deleted before it was read/],
  ])("%s is a permanent failure that says what to do", (name, message, status, reason, says) => {
    const explained = explainGetObjectError(s3Error(name, message, status), REF);
    expect(explained).toBeInstanceOf(ProcessorError);
    expect(classifyError(explained)).toStrictEqual({ kind: "permanent", reason });
    expect((explained as Error).message).toMatch(says);
    expect((explained as Error).message).toContain("s3://staging/prod-eks/globex/web/web-1/a.json.gz");
  });

  it("leaves a plain AccessDenied, throttling and a changed ETag to the usual classification", () => {
    for (const error of [
      s3Error("AccessDenied", "Access Denied", 403),
      s3Error("SlowDown", "Reduce your request rate", 503),
      s3Error("PreconditionFailed", "At least one of the pre-conditions you specified did not hold", 412),
    ]) {
      expect(explainGetObjectError(error, REF)).toBe(error);
    }
  });

  it("yields what decoded before a truncation, then names the offset as a permanent corrupt-object failure", async () => {
    // Prepare: 2,000 lines, gzip cut in half.
    const text = Array.from({ length: 2000 }, (_, i) => `line ${i} ${"x".repeat(200)}`).join("\n") + "\n";
    const gzipped = gzipSync(text);
    const cut = gzipped.subarray(0, Math.floor(gzipped.length / 2));
    // Act
    let decoded = "";
    const error = await (async () => {
      for await (const chunk of maybeGunzip(chunksOf(cut))) decoded += chunk.toString("utf8");
    })().catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(CorruptObjectError);
    const corrupt = error as CorruptObjectError;
    expect(corrupt.compressedOffset).toBe(cut.length);
    expect(corrupt.decodedBytes).toBe(decoded.length);
    expect(decoded.length).toBeGreaterThan(text.length / 3);
    expect(text.startsWith(decoded)).toBe(true);
    expect(corrupt.message).toMatch(
      new RegExp(`compressed byte ${cut.length} \\(after ${decoded.length} uncompressed bytes\\): Z_BUF_ERROR`),
    );
    expect(classifyError(corrupt)).toStrictEqual({ kind: "permanent", reason: "corrupt-object" });
  });

  it("reports damaged compressed data the same way, and passes a source stream's own error through", async () => {
    const damaged = Buffer.from(gzipSync("a".repeat(100_000) + "\n" + "b".repeat(100_000)));
    damaged[200] ^= 0xff;
    const drain = async (source: AsyncIterable<Buffer>) => {
      for await (const chunk of maybeGunzip(source)) void chunk;
    };
    await expect(drain(chunksOf(damaged))).rejects.toBeInstanceOf(CorruptObjectError);
    async function* failingSource(): AsyncGenerator<Buffer> {
      yield damaged.subarray(0, 100);
      throw Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
    }
    await expect(drain(failingSource())).rejects.toMatchObject({ code: "ECONNRESET" });
  });
});
