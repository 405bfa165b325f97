/**
 * `npm run bench:bomb` — what a gzip bomb (1 GiB of short lines from ~2 MB
 * stored) costs the processor's reading stage (gunzip → lines → records →
 * batches, no sending): 16-byte JSON lines without limits and with the default
 * per-object limits, and lines that are not JSON (each a failed parse, the
 * costliest line there is) with the defaults. Each case runs in its own process
 * so peak RSS is its own.
 */
import { spawnSync } from "node:child_process";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { DEFAULTS } from "../inventory/defaults";
import { BatchBuilder } from "../processor/cloudwatch/batch-builder";
import { stagedObjectEvents } from "../processor/delivery/staged-events";
import { ObjectOverLimitError } from "../processor/failures/errors";
import type { ObjectLimits } from "../processor/limits/object-limits";
import { emptyReadCounters } from "../processor/records/counters";

const UNLIMITED: ObjectLimits = {
  maxUncompressedBytes: Number.MAX_SAFE_INTEGER,
  maxEvents: Number.MAX_SAFE_INTEGER,
  maxCompressionRatio: Number.MAX_SAFE_INTEGER,
};

const JSON_LINE = '{"message":"x"}\n';
const MALFORMED_LINE = "x\n";

function bomb(line: string): Buffer {
  const member = gzipSync(Buffer.from(line.repeat(Math.floor((1024 * 1024) / line.length))));
  return Buffer.concat(Array.from({ length: 1024 }, () => member));
}

/** The reading stage as the CloudWatch delivery runs it, the event limit counted as the delivery counts it. */
async function read(limits: ObjectLimits, line: string): Promise<object> {
  const body = bomb(line);
  const counters = emptyReadCounters();
  const builder = new BatchBuilder();
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  let events = 0;
  let outcome = "read whole";
  try {
    const stream = stagedObjectEvents(
      Readable.from([body]),
      { maxLineBytes: 4 * 1024 * 1024, fallbackTimestampMs: 0, limits, compressedBytes: body.length },
      counters,
    );
    for await (const chunk of stream) {
      for (const event of chunk) {
        if (events === limits.maxEvents) throw new ObjectOverLimitError("events", limits.maxEvents, "bench");
        events++;
        builder.add(event);
      }
    }
  } catch (error) {
    if (!(error instanceof ObjectOverLimitError)) throw error;
    outcome = `over the ${error.limit} limit`;
  }
  const used = process.cpuUsage(cpu);
  return {
    storedBytes: body.length,
    outcome,
    events,
    decompressedBytes: counters.bytesRead,
    cpuSeconds: +((used.user + used.system) / 1e6).toFixed(2),
    wallSeconds: +(Number(process.hrtime.bigint() - started) / 1e9).toFixed(2),
    peakRssMiB: +(process.resourceUsage().maxRSS / 1024).toFixed(1),
  };
}

async function main(): Promise<void> {
  const cases: Record<string, () => Promise<object>> = {
    unlimited: () => read(UNLIMITED, JSON_LINE),
    defaults: () => read(DEFAULTS.processor.limits, JSON_LINE),
    "defaults-malformed": () => read(DEFAULTS.processor.limits, MALFORMED_LINE),
  };
  const which = cases[process.argv[2] ?? ""];
  if (which !== undefined) {
    console.log(JSON.stringify(await which()));
    return;
  }
  for (const run of Object.keys(cases)) {
    const child = spawnSync(process.execPath, [...process.execArgv, __filename, run], { encoding: "utf8" });
    if (child.status !== 0) throw new Error(child.stderr);
    console.log(`${run.padEnd(18)} ${child.stdout.trim()}`);
  }
}

void main();
