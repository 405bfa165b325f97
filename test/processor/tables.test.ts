import "aws-sdk-client-mock-jest";
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { CheckpointStore } from "../../processor/checkpoints/checkpoint-store";
import { checkpointObjectId } from "../../processor/checkpoints/object-id";
import { classifyError } from "../../processor/failures/classify";
import { eventOrderVersion } from "../../processor/checkpoints/event-order";
import { CheckpointOrderChangedError, LeaseHeldError } from "../../processor/failures/errors";
import { decodeTenantShard, encodeTenantShard, TenantShardError } from "../../processor/tenant-config/shard-codec";
import { tenantShardIndex } from "../../processor/tenant-config/shards";
import type { TenantDeliveryItem } from "../../processor/tenant-config/types";
import { TenantDirectory } from "../../processor/tenant-config/tenant-table";
import { cloudWatchItem, s3Item } from "./factories";

const ddb = mockClient(DynamoDBClient);
const client = new DynamoDBClient({ region: "eu-west-1" });

beforeEach(() => ddb.reset());

describe("TenantDirectory", () => {
  // Two tenants of one shard (a layout of 1), and one of 2 shards in another: real keys, real hashes.
  const globex = [s3Item(), cloudWatchItem()];
  const shardOne = (items = globex) => encodeTenantShard(1, 0, items);

  it("reads a tenant's shard with one GetItem per TTL, sorted by deliveryId", async () => {
    let now = 0;
    ddb.on(GetItemCommand).resolves({ Item: shardOne() });
    const directory = new TenantDirectory(client, {
      tableName: "loghop-tenants",
      shardCount: 1,
      ttlMs: 60_000,
      now: () => now,
    });
    const [first, second] = await Promise.all([directory.deliveries("globex"), directory.deliveries("globex")]);
    expect(first!.map((i) => i.deliveryId)).toStrictEqual(["cloudwatch-eu-west-1-0", "s3-eu-west-1-0"]);
    expect(second).toStrictEqual(first);
    now = 59_999;
    await expect(directory.deliveries("initech")).resolves.toStrictEqual([]);
    expect(ddb).toHaveReceivedCommandTimes(GetItemCommand, 1);
    expect(ddb).toHaveReceivedCommandWith(GetItemCommand, {
      TableName: "loghop-tenants",
      Key: { tenantId: { S: "loghop:shards:1:0" }, deliveryId: { S: "config" } },
      ConsistentRead: false,
    });
    now = 60_000;
    await directory.deliveries("globex");
    expect(ddb).toHaveReceivedCommandTimes(GetItemCommand, 2);
  });

  it("reads the shard the tenant hashes to in the configured layout", async () => {
    const index = tenantShardIndex("globex", 4);
    ddb.on(GetItemCommand).resolves({ Item: encodeTenantShard(4, index, globex) });
    const directory = new TenantDirectory(client, { tableName: "t", shardCount: 4, ttlMs: 60_000, now: () => 0 });
    await expect(directory.deliveries("globex")).resolves.toHaveLength(2);
    expect(ddb).toHaveReceivedCommandWith(GetItemCommand, {
      Key: { tenantId: { S: `loghop:shards:4:${index}` }, deliveryId: { S: "config" } },
    });
  });

  it("reads a missing shard item as no tenants (the retryable tenant-missing path)", async () => {
    ddb.on(GetItemCommand).resolves({});
    const directory = new TenantDirectory(client, { tableName: "t", shardCount: 2, ttlMs: 60_000, now: () => 0 });
    await expect(directory.deliveries("globex")).resolves.toStrictEqual([]);
  });

  it("does not cache a failed read", async () => {
    ddb.on(GetItemCommand).rejectsOnce(new Error("boom")).resolves({ Item: shardOne() });
    const directory = new TenantDirectory(client, { tableName: "t", shardCount: 1, ttlMs: 60_000, now: () => 0 });
    await expect(directory.deliveries("globex")).rejects.toThrow("boom");
    await expect(directory.deliveries("globex")).resolves.toHaveLength(2);
  });

  it("fails on a malformed shard, naming it, and does not cache it", async () => {
    const broken = { ...shardOne(), deliveries: { S: '[{"tenantId":"globex"' } };
    ddb.on(GetItemCommand).resolvesOnce({ Item: broken }).resolves({ Item: shardOne() });
    const directory = new TenantDirectory(client, { tableName: "t", shardCount: 1, ttlMs: 60_000, now: () => 0 });
    await expect(directory.deliveries("globex")).rejects.toThrow(
      /^tenant shard loghop:shards:1:0: deliveries is not JSON/,
    );
    await expect(directory.deliveries("globex")).resolves.toHaveLength(2);
  });
});

describe("tenant shard codec", () => {
  const item = cloudWatchItem({ desiredLogs: ["web"], kmsKeyArn: "arn:aws:kms:eu-west-1:222222222222:key/k" });

  it("round-trips delivery items", () => {
    const decoded = decodeTenantShard(encodeTenantShard(1, 0, [item, s3Item()]), 1, 0);
    expect(decoded).toStrictEqual(new Map([["globex", [item, s3Item()]]]));
  });

  it.each([
    ["a missing required field", { ...item, roleArn: undefined }, "deliveries[0]: roleArn must be a string"],
    ["an unknown field", { ...item, extra: 1 }, "deliveries[0]: unknown field extra"],
    [
      "a mistyped allow-list",
      { ...item, allowedClusters: "prod-eks" },
      "deliveries[0]: allowedClusters must be an array of cluster ids",
    ],
    ["a string flag", { ...item, enabled: "true" }, "deliveries[0]: enabled must be a boolean"],
    ["an unknown type", { ...item, type: "kinesis" }, "deliveries[0]: type must be cloudwatch or s3"],
  ])("refuses %s, naming the shard", (_, broken, message) => {
    const raw = encodeTenantShard(1, 0, [broken as unknown as TenantDeliveryItem]);
    expect(() => decodeTenantShard(raw, 1, 0)).toThrow(TenantShardError);
    expect(() => decodeTenantShard(raw, 1, 0)).toThrow(`tenant shard loghop:shards:1:0: ${message}`);
  });

  it("refuses a shard read under another key, a tenant of another shard and a delivery listed twice", () => {
    expect(() => decodeTenantShard(encodeTenantShard(2, 0, []), 4, 0)).toThrow(
      "tenant shard loghop:shards:4:0: the item's key is not the shard's",
    );
    const other = 1 - tenantShardIndex("globex", 2);
    expect(() => decodeTenantShard(encodeTenantShard(2, other, [item]), 2, other)).toThrow(
      `tenant shard loghop:shards:2:${other}: tenant globex belongs to another shard`,
    );
    expect(() => decodeTenantShard(encodeTenantShard(1, 0, [item, item]), 1, 0)).toThrow(
      "delivery globex/cloudwatch-eu-west-1-0 is listed twice",
    );
  });
});

describe("CheckpointStore", () => {
  const store = new CheckpointStore(client, {
    tableName: "loghop-checkpoints",
    ttlSeconds: 86_400,
    eventOrder: eventOrderVersion(4_194_304),
    now: () => 1_000_000,
  });
  const ORDER = eventOrderVersion(4_194_304);

  it("claims with a lease and returns the saved progress", async () => {
    ddb.on(UpdateItemCommand).resolves({ Attributes: { acceptedEvents: { N: "3000" }, complete: { BOOL: false } } });
    await expect(store.claim("b/k#e", "cw-0", "me", 2_000_000)).resolves.toStrictEqual({
      acceptedEvents: 3000,
      complete: false,
    });
    const input = ddb.commandCalls(UpdateItemCommand)[0]!.args[0].input;
    expect(input.Key).toStrictEqual({ objectId: { S: "b/k#e" }, deliveryId: { S: "cw-0" } });
    expect(input.ConditionExpression).toBe(
      "attribute_not_exists(leaseUntil) OR leaseUntil < :now OR leaseOwner = :owner OR complete = :true",
    );
    expect(input.ExpressionAttributeValues).toMatchObject({
      ":until": { N: "2000000" },
      ":ttl": { N: String(1000 + 86_400) },
      ":now": { N: "1000000" },
    });
  });

  it("reports a lease held by another worker as transient", async () => {
    ddb.on(UpdateItemCommand).rejects(new ConditionalCheckFailedException({ message: "held", $metadata: {} }));
    const error = await store.claim("b/k#e", "cw-0", "me", 2_000_000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LeaseHeldError);
    expect(classifyError(error)).toStrictEqual({ kind: "transient", reason: "checkpoint-lease-held" });
  });

  it("advances and completes only while owning the lease", async () => {
    ddb.on(UpdateItemCommand).resolves({});
    await store.advance("b/k#e", "cw-0", "me", 6000);
    await store.complete("b/k#e", "cw-0", "me", 7000);
    const [advance, complete] = ddb.commandCalls(UpdateItemCommand).map((c) => c.args[0].input);
    expect(advance).toMatchObject({
      UpdateExpression: "SET acceptedEvents = :n, eventOrder = :order, expiresAt = :ttl",
      ConditionExpression: "leaseOwner = :owner",
      ExpressionAttributeValues: { ":n": { N: "6000" }, ":owner": { S: "me" }, ":order": { S: ORDER } },
    });
    expect(complete!.UpdateExpression).toBe(
      "SET acceptedEvents = :n, complete = :true, expiresAt = :ttl REMOVE leaseOwner, leaseUntil",
    );
  });

  it("stores the event-order version with the count (first claim keeps any saved one)", async () => {
    ddb.on(UpdateItemCommand).resolves({ Attributes: { acceptedEvents: { N: "0" }, complete: { BOOL: false } } });
    await store.claim("b/k#e", "cw-0", "me", 2_000_000);
    const input = ddb.commandCalls(UpdateItemCommand)[0]!.args[0].input;
    expect(input.UpdateExpression).toContain("eventOrder = if_not_exists(eventOrder, :order)");
    expect(input.ExpressionAttributeValues).toMatchObject({ ":order": { S: ORDER } });
  });

  it("refuses to resume a count saved under other line settings: permanent, lease released", async () => {
    // Prepare: 3000 events were accepted by a worker whose longest parsed line was 1 MiB.
    const saved = eventOrderVersion(1_048_576);
    ddb
      .on(UpdateItemCommand)
      .resolvesOnce({
        Attributes: { acceptedEvents: { N: "3000" }, complete: { BOOL: false }, eventOrder: { S: saved } },
      })
      .resolves({});
    // Act
    const error = await store.claim("b/k#e", "cw-0", "me", 2_000_000).catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(CheckpointOrderChangedError);
    expect(classifyError(error)).toStrictEqual({ kind: "permanent", reason: "checkpoint-order-changed" });
    const release = ddb.commandCalls(UpdateItemCommand)[1]!.args[0].input;
    expect(release.UpdateExpression).toBe("SET expiresAt = :ttl REMOVE leaseOwner, leaseUntil");
  });

  it.each([
    ["nothing accepted yet", { acceptedEvents: { N: "0" }, complete: { BOOL: false } }, 0, false],
    ["already complete", { acceptedEvents: { N: "9" }, complete: { BOOL: true } }, 9, true],
  ])("accepts another event-order version when %s", async (_name, attributes, acceptedEvents, complete) => {
    ddb.on(UpdateItemCommand).resolves({
      Attributes: { ...attributes, eventOrder: { S: eventOrderVersion(1_048_576) } },
    });
    await expect(store.claim("b/k#e", "cw-0", "me", 2_000_000)).resolves.toStrictEqual({ acceptedEvents, complete });
  });

  it("identifies an object version as <bucket>/<key>#<versionId or etag>", () => {
    expect(checkpointObjectId({ bucket: "b", key: "c/t/a/p/f", versionId: "v1", eTag: "e" })).toBe("b/c/t/a/p/f#v1");
    expect(checkpointObjectId({ bucket: "b", key: "c/t/a/p/f", eTag: "e" })).toBe("b/c/t/a/p/f#e");
  });
});
