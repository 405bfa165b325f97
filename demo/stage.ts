/** Writing the agents' objects into the staging bucket as each cluster's Vector role, the way the sink uploads them. */
import { PassThrough } from "node:stream";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { EmulatorAccounts } from "../emulator";
import { STAGED_OBJECT_CONTENT_ENCODING, STAGED_OBJECT_CONTENT_TYPE, writeStagedObject } from "../generators/fake-logs";
import { centralNames, clusterAccessPointArn, vectorRoleArn } from "../inventory/names";
import type { ResolvedCluster, ResolvedInventory } from "../inventory/resolved";
import type { StagedObject } from "./expectations";

/** `gzipBody(events)`: the gzipped NDJSON body of one object, in memory (demo-sized objects). */
export async function gzipBody(events: readonly object[]): Promise<Buffer> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on("data", (chunk: Buffer) => chunks.push(chunk));
  await writeStagedObject(events, sink);
  return Buffer.concat(chunks);
}

/**
 * The bucket the demo writes a cluster's objects to, from its sink's `bucket`. The sink names the
 * cluster's own access point; moto serves no access point data plane (an ARN bucket needs
 * virtual-hosted S3 endpoints the emulator does not answer), so the demo writes under the same key
 * to the bucket that access point fronts. Who the access point and the bucket let in is tested on
 * the synthesized policies instead (test/stacks/region-stack.test.ts). Anything but the cluster's
 * own access point is a generator bug, refused here.
 */
export function emulatorStagingBucket(inv: ResolvedInventory, cluster: ResolvedCluster, sinkBucket: string): string {
  const own = clusterAccessPointArn(inv.prefix, inv.central.accountId, cluster);
  if (sinkBucket !== own) {
    throw new Error(`the Vector sink of ${cluster.id} writes to ${sinkBucket}, not to its own access point ${own}`);
  }
  return centralNames.stagingBucket(inv.prefix, inv.central.accountId, cluster.region);
}

/** `stageObjects(accounts, prefix, cluster, bucket, objects)`: PutObject each body as the cluster's agent role. */
export async function stageObjects(
  accounts: EmulatorAccounts,
  prefix: string,
  cluster: ResolvedCluster,
  bucket: string,
  objects: readonly StagedObject[],
): Promise<void> {
  const role = vectorRoleArn(prefix, cluster.accountId, cluster.id);
  const credentials = await accounts.assume(role, `vector-${cluster.id}`);
  const s3 = new S3Client({ region: cluster.region, endpoint: accounts.endpoint, credentials, forcePathStyle: true });
  for (const object of objects) {
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: object.key,
        Body: object.body,
        ContentType: STAGED_OBJECT_CONTENT_TYPE,
        ContentEncoding: STAGED_OBJECT_CONTENT_ENCODING,
      }),
    );
  }
}
