import "aws-sdk-client-mock-jest";
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  QueryCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { CheckpointStore } from "../../processor/checkpoints/checkpoint-store";
import { checkpointObjectId } from "../../processor/checkpoints/object-id";
import { classifyError } from "../../processor/failures/classify";
import { eventOrderVersion } from "../../processor/checkpoints/event-order";
import { CheckpointOrderChangedError, LeaseHeldError } from "../../processor/failures/errors";
import { decodeTenantItem, encodeTenantItem } from "../../processor/tenant-config/item-codec";
import { TenantDirectory } from "../../processor/tenant-config/tenant-table";
import { cloudWatchItem, s3Item } from "./factories";

const ddb = mockClient(DynamoDBClient);
const client = new DynamoDBClient({ region: "eu-west-1" });

beforeEach(() => ddb.reset());

describe("TenantDirectory", () => {
  it("reads a tenant's items once per TTL, sorted by deliveryId", async () => {
    let now = 0;
    ddb.on(QueryCommand).resolves({ Items: [encodeTenantItem(s3Item()), encodeTenantItem(cloudWatchItem())] });
    const directory = new TenantDirectory(client, { tableName: "loghop-tenants", ttlMs: 60_000, now: () => now });
    const [first, second] = await Promise.all([directory.deliveries("globex"), directory.deliveries("globex")]);
    expect(first!.map((i) => i.deliveryId)).toStrictEqual(["cloudwatch-eu-west-1-0", "s3-eu-west-1-0"]);
    expect(second).toBe(first);
    now = 59_999;
    await directory.deliveries("globex");
    expect(ddb).toHaveReceivedCommandTimes(QueryCommand, 1);
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
      TableName: "loghop-tenants",
      KeyConditionExpression: "tenantId = :t",
      ExpressionAttributeValues: { ":t": { S: "globex" } },
    });
    now = 60_000;
    await directory.deliveries("globex");
    expect(ddb).toHaveReceivedCommandTimes(QueryCommand, 2);
  });

  it("does not cache a failed read", async () => {
    ddb.on(QueryCommand).rejectsOnce(new Error("boom")).resolves({ Items: [] });
    const directory = new TenantDirectory(client, { tableName: "t", ttlMs: 60_000, now: () => 0 });
    await expect(directory.deliveries("globex")).rejects.toThrow("boom");
    await expect(directory.deliveries("globex")).resolves.toStrictEqual([]);
  });

  it("round-trips an item and names a missing attribute", () => {
    const item = cloudWatchItem({ desiredLogs: ["web"], kmsKeyArn: "arn:aws:kms:eu-west-1:222222222222:key/k" });
    expect(decodeTenantItem(encodeTenantItem(item))).toStrictEqual(item);
    const broken = encodeTenantItem(item);
    delete broken.roleArn;
    expect(() => decodeTenantItem(broken)).toThrow(
      "tenant item globex/cloudwatch-eu-west-1-0: attribute roleArn is required",
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
