import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
  type CloudWatchLogsClient,
  type PutLogEventsCommandOutput,
} from "@aws-sdk/client-cloudwatch-logs";
import { ProcessorError } from "../failures/errors";
import { withRetries, type BackoffOptions } from "../runtime/backoff";
import { sendWithin, type CallWindow } from "../runtime/call-budget";
import type { Deadline } from "../runtime/deadline";
import type { LogBatch } from "./types";

export interface StreamTarget {
  readonly logGroupName: string;
  readonly logStreamName: string;
  /** Prefix mode: the processor may create the group (with this retention and key). */
  readonly mayCreateGroup: boolean;
  readonly retentionDays?: number;
  readonly kmsKeyArn?: string;
}

export interface PutResult {
  /** Events CloudWatch refused individually (rejectedLogEventsInfo): counted, not retried. */
  readonly rejected: number;
  readonly tooOld: number;
  readonly tooNew: number;
  readonly expired: number;
  /** Retries: ours (backoff) plus the SDK's own attempts beyond the first. */
  readonly retries: number;
}

export interface SenderOptions {
  readonly deadline: Deadline;
  /** Time kept free for saving progress. */
  readonly reserveMs: number;
  readonly backoff?: Omit<BackoffOptions, "reserveMs" | "onRetry">;
}

function named(error: unknown, name: string): boolean {
  return (error as { name?: unknown } | null)?.name === name;
}

/** Runs a create call; "already exists" is success (another invocation won the race). */
async function createIdempotent(create: () => Promise<unknown>): Promise<void> {
  try {
    await create();
  } catch (error) {
    if (!named(error, "ResourceAlreadyExistsException")) throw error;
  }
}

/**
 * Creates the stream after PutLogEvents said ResourceNotFound. If the group
 * is missing too: in prefix mode create it (retention, KMS key) — otherwise
 * the customer's stack owns the group and its absence is misconfiguration.
 * No DescribeLogStreams: its quota is tiny and shared with the customer.
 */
export async function ensureStream(
  client: CloudWatchLogsClient,
  target: StreamTarget,
  window?: CallWindow,
): Promise<void> {
  const createStream = () =>
    sendWithin(window, (options) =>
      client.send(
        new CreateLogStreamCommand({ logGroupName: target.logGroupName, logStreamName: target.logStreamName }),
        options,
      ),
    );
  try {
    await createIdempotent(createStream);
    return;
  } catch (error) {
    if (!named(error, "ResourceNotFoundException")) throw error;
  }
  if (!target.mayCreateGroup) {
    throw new ProcessorError(
      `log group ${target.logGroupName} does not exist and this delivery may not create it`,
      "permanent",
      "log-group-missing",
    );
  }
  await createIdempotent(() =>
    sendWithin(window, (options) =>
      client.send(
        new CreateLogGroupCommand({
          logGroupName: target.logGroupName,
          ...(target.kmsKeyArn !== undefined ? { kmsKeyId: target.kmsKeyArn } : {}),
        }),
        options,
      ),
    ),
  );
  const retentionInDays = target.retentionDays;
  if (retentionInDays !== undefined) {
    await sendWithin(window, (options) =>
      client.send(new PutRetentionPolicyCommand({ logGroupName: target.logGroupName, retentionInDays }), options),
    );
  }
  await createIdempotent(createStream);
}

/**
 * One PutLogEvents with the put-first protocol: on ResourceNotFound, create
 * what is missing and put again; throttling, 5xx and network errors are
 * retried with full-jitter backoff while the deadline allows. Every call
 * (the SDK's own attempts included) ends `reserveMs` before the deadline.
 */
export async function putBatch(
  client: CloudWatchLogsClient,
  target: StreamTarget,
  batch: LogBatch,
  options: SenderOptions,
): Promise<PutResult> {
  let retries = 0;
  let created = false;
  const command = new PutLogEventsCommand({
    logGroupName: target.logGroupName,
    logStreamName: target.logStreamName,
    logEvents: batch.events,
  });
  const window: CallWindow = { deadline: options.deadline, reserveMs: options.reserveMs };
  const put = () => sendWithin(window, (sendOptions) => client.send(command, sendOptions));
  const output = await withRetries<PutLogEventsCommandOutput>(
    async () => {
      try {
        const out = await put();
        retries += Math.max(0, (out.$metadata?.attempts ?? 1) - 1);
        return out;
      } catch (error) {
        retries += Math.max(0, ((error as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? 1) - 1);
        if (!named(error, "ResourceNotFoundException") || created) throw error;
        await ensureStream(client, target, window);
        created = true;
        const out = await put();
        retries += Math.max(0, (out.$metadata?.attempts ?? 1) - 1);
        return out;
      }
    },
    options.deadline,
    { ...options.backoff, reserveMs: options.reserveMs, onRetry: () => retries++ },
  );
  return { ...countRejected(output, batch.events.length), retries };
}

/** rejectedLogEventsInfo: indexes into the (sorted) batch; tooOld/expired ends are exclusive, tooNew start inclusive. */
export function countRejected(
  output: Pick<PutLogEventsCommandOutput, "rejectedLogEventsInfo">,
  eventCount: number,
): Omit<PutResult, "retries"> {
  const info = output.rejectedLogEventsInfo;
  if (info === undefined) return { rejected: 0, tooOld: 0, tooNew: 0, expired: 0 };
  const tooOld = Math.min(eventCount, Math.max(0, info.tooOldLogEventEndIndex ?? 0));
  const expired = Math.min(eventCount, Math.max(0, info.expiredLogEventEndIndex ?? 0));
  const tooNew =
    info.tooNewLogEventStartIndex === undefined ? 0 : Math.max(0, eventCount - info.tooNewLogEventStartIndex);
  // Old and expired ranges both start at index 0 and overlap: the larger covers the other.
  const rejected = Math.min(eventCount, Math.max(tooOld, expired) + tooNew);
  return { rejected, tooOld, tooNew, expired };
}
