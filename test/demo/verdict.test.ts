/** The demo's pass/fail judgement: what the inventory says must arrive, against what did. */
import { gzipSync } from "node:zlib";
import { buildTenantDeliveryItems } from "../../generators";
import { expectedArrivals, type StagedObject } from "../../demo/expectations";
import type { ArrivedObject, ArrivedStream } from "../../demo/read-back";
import { judgeArrivals } from "../../demo/verdict";
import { exampleInventory } from "../generators/support";

const items = buildTenantDeliveryItems(exampleInventory());

function staged(key: string, messages: string[]): StagedObject {
  return {
    clusterId: key.split("/")[0]!,
    key,
    messages,
    body: gzipSync(messages.map((m) => `{"message":"${m}"}\n`).join("")),
  };
}

const objects = [
  staged("eks-eu-1/globex/web/web-1/1-a.json.gz", ["w1", "w2"]),
  staged("eks-eu-1/globex/worker/worker-1/1-b.json.gz", ["k1"]),
  staged("rosa-eu-2/initech/api/api-1/1-c.json.gz", ["i1", "i2", "i3"]),
];
const expectations = expectedArrivals(items, objects);

type Arrivals = { streams: (ArrivedStream & { messages: string[] })[]; objects: ArrivedObject[] };

/** Exactly what is expected, as read back. */
function perfect(): Arrivals {
  return {
    streams: expectations.streams.map((s) => ({ ...s, messages: [...s.messages] })),
    objects: expectations.s3Objects.map((o) => ({ ...o })),
  };
}

describe("expectedArrivals", () => {
  it("sends each object to its tenant's deliveries, honouring desired logs, with the processor's names", () => {
    expect(expectations.streams.map((s) => [s.accountId, s.region, s.group, s.stream, s.messages])).toStrictEqual([
      ["222222222222", "eu-west-1", "/loghop/globex/prod", "eks-eu-1/web/web-1", ["w1", "w2"]],
      ["333333333333", "us-east-1", "/initech/k8s/api", "rosa-eu-2/api/api-1", ["i1", "i2", "i3"]],
    ]);
    expect(expectations.s3Objects.map((o) => [o.bucket, o.key, o.events])).toStrictEqual([
      ["globex-log-archive", "kubernetes/eks-eu-1/web/web-1/1-a.json.gz", 2],
    ]);
    // globex lists checkout, payments and Web: worker goes to neither of its destinations.
    expect(expectations.skips.map((s) => [s.tenantId, s.deliveryId, s.application, s.reason, s.events])).toStrictEqual([
      ["globex", "cloudwatch:eu-west-1:/loghop/globex/prod", "worker", "application-not-desired", 1],
      ["globex", "s3:eu-west-1:globex-log-archive/kubernetes/", "worker", "application-not-desired", 1],
    ]);
  });
});

describe("judgeArrivals", () => {
  it("passes when every expected event arrived once and nothing else did", () => {
    const arrived = perfect();
    const verdict = judgeArrivals(expectations, arrived.streams, arrived.objects);
    expect(verdict.ok).toBe(true);
    expect(verdict.total).toStrictEqual({ expected: 7, arrived: 7, missing: 0, duplicated: 0, unexpected: 0 });
  });

  it.each([
    ["an event missing", (a: Arrivals) => a.streams[0]!.messages.pop(), { missing: 1 }],
    ["an event twice", (a: Arrivals) => a.streams[1]!.messages.push("i2"), { duplicated: 1 }],
    ["a foreign event in a stream", (a: Arrivals) => a.streams[0]!.messages.push("x"), { unexpected: 1 }],
    [
      "a stream nobody expected",
      (a: Arrivals) =>
        a.streams.push({
          accountId: "444444444444",
          region: "eu-west-1",
          group: "/umbrella/kubernetes",
          stream: "eks-eu-1/web/web-1",
          messages: ["w1"],
        }),
      { unexpected: 1 },
    ],
    [
      "an S3 copy that differs",
      (a: Arrivals) => (a.objects[0] = { ...a.objects[0]!, body: gzipSync("{}\n") }),
      { missing: 2 },
    ],
    ["an S3 copy missing", (a: Arrivals) => a.objects.pop(), { missing: 2 }],
  ])("fails with %s", (_name, spoil, counts) => {
    const arrived = perfect();
    spoil(arrived);
    const verdict = judgeArrivals(expectations, arrived.streams, arrived.objects);
    expect(verdict.ok).toBe(false);
    expect(verdict.total).toMatchObject(counts);
  });
});
