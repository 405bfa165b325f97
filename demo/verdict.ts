/**
 * Expected against arrived: per stream and per S3 object, what is missing,
 * what came twice and what came although nothing should have. Streams compare
 * as multisets of messages (order within a stream is the processor's concern
 * and is tested there); objects compare byte for byte.
 */
import { gunzipSync } from "node:zlib";
import type { ExpectedS3Object, ExpectedStream, Expectations } from "./expectations";
import type { ArrivedObject, ArrivedStream } from "./read-back";

export interface Tally {
  expected: number;
  arrived: number;
  missing: number;
  duplicated: number;
  unexpected: number;
}

export interface StreamVerdict {
  readonly accountId: string;
  readonly region: string;
  readonly group: string;
  readonly stream: string;
  readonly tenantId: string | undefined;
  readonly deliveryId: string | undefined;
  readonly messages: readonly string[];
  readonly tally: Tally;
}

export interface ObjectVerdict {
  readonly accountId: string;
  readonly region: string;
  readonly bucket: string;
  readonly key: string;
  readonly tenantId: string | undefined;
  readonly deliveryId: string | undefined;
  readonly tally: Tally;
}

export interface Verdict {
  readonly streams: readonly StreamVerdict[];
  readonly objects: readonly ObjectVerdict[];
  readonly total: Tally;
  /** Every expected event arrived exactly once and nothing else arrived. */
  readonly ok: boolean;
}

const emptyTally = (): Tally => ({ expected: 0, arrived: 0, missing: 0, duplicated: 0, unexpected: 0 });

function add(into: Tally, from: Tally): void {
  for (const name of Object.keys(into) as (keyof Tally)[]) into[name] += from[name];
}

function compareMessages(expected: readonly string[], arrived: readonly string[]): Tally {
  const left = new Map<string, number>();
  for (const m of expected) left.set(m, (left.get(m) ?? 0) + 1);
  const tally = { ...emptyTally(), expected: expected.length, arrived: arrived.length };
  const wanted = new Set(expected);
  for (const m of arrived) {
    const remaining = left.get(m) ?? 0;
    if (remaining > 0) left.set(m, remaining - 1);
    else if (wanted.has(m)) tally.duplicated++;
    else tally.unexpected++;
  }
  for (const remaining of left.values()) tally.missing += remaining;
  return tally;
}

const streamId = (s: { accountId: string; region: string; group: string; stream: string }): string =>
  `${s.accountId}\n${s.region}\n${s.group}\n${s.stream}`;
const objectId = (o: { accountId: string; region: string; bucket: string; key: string }): string =>
  `${o.accountId}\n${o.region}\n${o.bucket}\n${o.key}`;

function lineCount(body: Buffer): number {
  return gunzipSync(body)
    .toString("utf8")
    .split("\n")
    .filter((line) => line !== "").length;
}

function streamVerdicts(expected: readonly ExpectedStream[], arrived: readonly ArrivedStream[]): StreamVerdict[] {
  const byId = new Map(arrived.map((a) => [streamId(a), a]));
  const verdicts: StreamVerdict[] = expected.map((e) => {
    const got = byId.get(streamId(e));
    byId.delete(streamId(e));
    return {
      ...e,
      tenantId: e.tenantId,
      deliveryId: e.deliveryId,
      messages: got?.messages ?? [],
      tally: compareMessages(e.messages, got?.messages ?? []),
    };
  });
  for (const stray of byId.values()) {
    verdicts.push({
      ...stray,
      tenantId: undefined,
      deliveryId: undefined,
      tally: compareMessages([], stray.messages),
    });
  }
  return verdicts;
}

function objectVerdicts(expected: readonly ExpectedS3Object[], arrived: readonly ArrivedObject[]): ObjectVerdict[] {
  const byId = new Map(arrived.map((a) => [objectId(a), a]));
  const verdicts: ObjectVerdict[] = expected.map((e) => {
    const got = byId.get(objectId(e));
    byId.delete(objectId(e));
    const same = got !== undefined && got.body.equals(e.body);
    const tally = { ...emptyTally(), expected: e.events, arrived: same ? e.events : 0, missing: same ? 0 : e.events };
    return {
      accountId: e.accountId,
      region: e.region,
      bucket: e.bucket,
      key: e.key,
      tenantId: e.tenantId,
      deliveryId: e.deliveryId,
      tally,
    };
  });
  for (const stray of byId.values()) {
    const events = lineCount(stray.body);
    verdicts.push({
      ...stray,
      tenantId: undefined,
      deliveryId: undefined,
      tally: { ...emptyTally(), arrived: events, unexpected: events },
    });
  }
  return verdicts;
}

/** `judgeArrivals(expectations, streams, objects)`: the verdict the demo's exit code follows. */
export function judgeArrivals(
  expectations: Expectations,
  streams: readonly ArrivedStream[],
  objects: readonly ArrivedObject[],
): Verdict {
  const s = streamVerdicts(expectations.streams, streams);
  const o = objectVerdicts(expectations.s3Objects, objects);
  const total = emptyTally();
  for (const v of [...s, ...o]) add(total, v.tally);
  const ok =
    total.missing === 0 && total.duplicated === 0 && total.unexpected === 0 && total.arrived === total.expected;
  return { streams: s, objects: o, total, ok };
}
