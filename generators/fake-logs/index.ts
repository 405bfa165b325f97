/**
 * The fake log generator: the one source of synthetic logs in loghop (the
 * `loghop fake-logs` command, `loghop demo` and the processor benchmark use it).
 *
 * Events
 * - `fakeKubernetesLogEvents(options: FakeLogOptions): Generator<KubernetesLogEvent>` —
 *   seeded and deterministic: the same options (seed and `nowMs` included) give
 *   the same events. An estate of tenants × applications × pods (plus
 *   unattributed pods), `linesPerSecond` over `durationSeconds` before `nowMs`,
 *   message sizes log-normal (`lineBytes`), shares of JSON, multi-byte and quoted
 *   lines, nanosecond RFC 3339 timestamps; shaped like Vector's `kubernetes_logs`
 *   source output (message, timestamp, file, stream, source_type,
 *   kubernetes.{pod_name, pod_namespace, pod_uid, container_name, pod_labels,
 *   namespace_labels, node_labels, pod_annotations, pod_ip, …}).
 * - `fakeLogLines(options): Generator<FakeLine>` — the same events, each with its `FakePod`.
 * - `stageFakeLine(line, clusterId, allowedTenants): StagedLogEvent | undefined` and
 *   `fakeStagedEvents(options, clusterId, allowedTenants): Generator<StagedLogEvent>` —
 *   the staged (post-VRL) form directly, equal to the generated classify program's
 *   output for these events (checked by test/generators/fake-logs.test.ts), for volume.
 *
 * Objects
 * - `writeStagedObject(events, destination: Writable, options?: StagedObjectOptions):
 *   Promise<StagedObjectStats>` — one gzipped NDJSON body as the `aws_s3` sink writes
 *   it (json codec, newline framing, gzip), streamed; `maxUncompressedBytes` stops an
 *   endless event stream at a size. `new StagedObjectWriter(destination, { gzipLevel })` with
 *   `write(event)` / `end(): Promise<StagedObjectStats>` fills one body event by event (several
 *   objects at once); `STAGED_OBJECT_CONTENT_TYPE` / `_ENCODING` are the sink's upload headers.
 * - `sinkObjects(events, options: SinkBatchOptions): { objects: SinkObject[]; unrendered }` —
 *   which object each event lands in (key prefix template, `batch.max_bytes`), keyed
 *   `<prefix><unix seconds>-<uuid>.json.gz` like Vector's; `renderKeyPrefix(template, event)`
 *   and `stagedObjectKey(prefix, atMs, random, extension?)` are its parts.
 * - `new StagedObjectSink(options: ObjectSinkOptions)`: `add(event)`, then `close():
 *   Promise<WrittenObject[]>` — the same partitioning, streamed: one open body per prefix,
 *   each written where `options.open(key)` says (a file, an upload), for any volume.
 * - `seededRandom(seed): Random` — the generator's PRNG, for callers that need more draws
 *   (object UUIDs) from the same seed.
 */
export type {
  FakeEstateSpec,
  FakeLogOptions,
  FakePod,
  KubernetesLogEvent,
  LineBytesSpec,
  StagedLogEvent,
} from "./types";
export { fakeKubernetesLogEvents, fakeLogLines, fakeStagedEvents, stageFakeLine } from "./events";
export type { FakeLine } from "./events";
export { DEFAULT_APPLICATIONS, DEFAULT_TENANT_LABEL_KEY, UNATTRIBUTED_NAMESPACE } from "./estate";
export {
  STAGED_OBJECT_CONTENT_ENCODING,
  STAGED_OBJECT_CONTENT_TYPE,
  StagedObjectWriter,
  writeStagedObject,
} from "./staged-object";
export type { StagedObjectOptions, StagedObjectStats } from "./staged-object";
export { renderKeyPrefix, sinkObjects, stagedObjectKey } from "./object-keys";
export { StagedObjectSink } from "./object-sink";
export type { ObjectSinkOptions, ObjectTarget, WrittenObject } from "./object-sink";
export type { SinkBatchOptions, SinkObject } from "./object-keys";
export { seededRandom } from "./random";
export type { Random } from "./random";
export { rfc3339Nanos } from "./timestamps";
export type { NanoInstant } from "./timestamps";
