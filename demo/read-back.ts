/**
 * What arrived, read with each tenant's own credentials in the destination's
 * region: every stream of every log group in the account (not only the ones
 * expected, so a stray delivery shows), and every object under each S3
 * delivery's prefix.
 */
import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  GetLogEventsCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import type { EmulatorAccounts } from "../emulator";

export interface ArrivedStream {
  readonly accountId: string;
  readonly region: string;
  readonly group: string;
  readonly stream: string;
  readonly messages: readonly string[];
}

export interface ArrivedObject {
  readonly accountId: string;
  readonly region: string;
  readonly bucket: string;
  readonly key: string;
  readonly body: Buffer;
}

async function streamMessages(logs: CloudWatchLogsClient, group: string, stream: string): Promise<string[]> {
  const messages: string[] = [];
  let token: string | undefined;
  for (;;) {
    const out = await logs.send(
      new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, startFromHead: true, nextToken: token }),
    );
    for (const event of out.events ?? []) messages.push(event.message ?? "");
    if (out.nextForwardToken === undefined || out.nextForwardToken === token) return messages;
    token = out.nextForwardToken;
  }
}

/** `readLogStreams(accounts, accountId, region)`: every stream of every group in the account's region, as the account. */
export async function readLogStreams(
  accounts: EmulatorAccounts,
  accountId: string,
  region: string,
): Promise<ArrivedStream[]> {
  const logs = new CloudWatchLogsClient(await accounts.config(accountId, region));
  const arrived: ArrivedStream[] = [];
  let groupToken: string | undefined;
  do {
    const groups = await logs.send(new DescribeLogGroupsCommand({ nextToken: groupToken }));
    for (const { logGroupName: group } of groups.logGroups ?? []) {
      if (group === undefined) continue;
      let streamToken: string | undefined;
      do {
        const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: group, nextToken: streamToken }));
        for (const { logStreamName: stream } of streams.logStreams ?? []) {
          if (stream !== undefined)
            arrived.push({ accountId, region, group, stream, messages: await streamMessages(logs, group, stream) });
        }
        streamToken = streams.nextToken;
      } while (streamToken !== undefined);
    }
    groupToken = groups.nextToken;
  } while (groupToken !== undefined);
  return arrived;
}

/** `readObjects(accounts, accountId, region, bucket, prefix)`: every object under the prefix, as the account. */
export async function readObjects(
  accounts: EmulatorAccounts,
  accountId: string,
  region: string,
  bucket: string,
  prefix: string,
): Promise<ArrivedObject[]> {
  const s3 = new S3Client(await accounts.config(accountId, region));
  const arrived: ArrivedObject[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const { Key: key } of page.Contents ?? []) {
      if (key === undefined) continue;
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const body = Buffer.from((await object.Body?.transformToByteArray()) ?? []);
      arrived.push({ accountId, region, bucket, key, body });
    }
    token = page.NextContinuationToken;
  } while (token !== undefined);
  return arrived;
}
