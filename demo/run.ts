/**
 * `loghop demo`: the whole pipeline of one region on a local AWS emulator.
 * moto starts; the region's resources are created from the inventory's
 * builders; each cluster's generated VRL runs on fake `kubernetes_logs`
 * events and the staged objects are uploaded as the cluster's agent role;
 * one object is staged past the agent, as a compromised agent could, for a
 * tenant its cluster may not carry; `loghop process --mode sqs` drains what
 * SQS received; every tenant's account is read back with its own
 * credentials and compared with what the inventory says must arrive.
 */
import { createRegionResources, EmulatorAccounts, startMoto, type MotoServer } from "../emulator";
import { fakeLogLines, renderKeyPrefix, seededRandom, stagedObjectKey, stageFakeLine } from "../generators/fake-logs";
import { InventoryError, LoghopError } from "../inventory/errors";
import { loadInventory } from "../inventory/load";
import type { ResolvedCluster, ResolvedInventory } from "../inventory/resolved";
import type { ObjectOutcome } from "../processor/delivery/types";
import { agentProgram, runAgent, type AgentRun } from "./agent";
import { demoLogOptions, foreignTenant } from "./estate";
import { expectedArrivals, type StagedObject } from "./expectations";
import { runProcessorWorker, type ProcessorWorkerRun } from "./processor-worker";
import { readLogStreams, readObjects, type ArrivedObject, type ArrivedStream } from "./read-back";
import { printReport, type Progress } from "./report";
import { emulatorStagingBucket, gzipBody, stageObjects } from "./stage";
import { judgeArrivals } from "./verdict";

export interface DemoOptions {
  /** Inventory file. */
  readonly inventoryPath: string;
  /** Region whose pipeline runs. Default: the inventory's first central region. */
  readonly region?: string;
  /** Seed of the fake logs. */
  readonly seed: number;
  /** Log lines generated per cluster. */
  readonly linesPerCluster: number;
  /** Longest wait for the processor to settle every object. */
  readonly processorTimeoutSeconds: number;
  /** JavaScript file run as the processor (default `bin/loghop.js`): e.g. the worker image's bundle. */
  readonly workerProgram?: string;
  readonly signal?: AbortSignal;
}

/** A staged object of a rogue agent: right bucket and key shape, a tenant the cluster may not carry. */
export interface RogueObject extends StagedObject {
  readonly tenantId: string;
}

export interface DemoRun {
  readonly inventory: ResolvedInventory;
  readonly region: string;
  readonly agents: readonly AgentRun[];
  readonly staged: readonly StagedObject[];
  readonly rogue: RogueObject;
  readonly processor: ProcessorWorkerRun;
  readonly streams: readonly ArrivedStream[];
  readonly objects: readonly ArrivedObject[];
}

function chooseRegion(inv: ResolvedInventory, file: string, region: string | undefined): string {
  const chosen = region ?? inv.central.regions[0]!;
  if (!inv.central.regions.includes(chosen))
    throw new InventoryError(file, [
      { path: "/central/regions", message: `--region must be one of ${inv.central.regions.join(", ")}, got ${chosen}` },
    ]);
  if (!inv.clusters.some((c) => c.region === chosen))
    throw new InventoryError(file, [
      { path: "/clusters", message: `no cluster ships to ${chosen}: the demo needs at least one` },
    ]);
  return chosen;
}

async function stagedObjectsOf(run: AgentRun): Promise<StagedObject[]> {
  return Promise.all(
    run.objects.map(async (o) => ({
      clusterId: run.clusterId,
      key: o.key,
      messages: o.events.map((e) => String(e["message"])),
      body: await gzipBody(o.events),
    })),
  );
}

/** The foreign tenant's lines on `cluster`, staged under its prefix as if the agent's VRL had let them through. */
async function rogueObject(inv: ResolvedInventory, cluster: ResolvedCluster, options: DemoOptions, nowMs: number) {
  const tenantId = foreignTenant(inv, cluster);
  const program = agentProgram(inv, cluster);
  const events = [
    ...fakeLogLines(demoLogOptions(inv, cluster, { seed: options.seed, nowMs, lines: options.linesPerCluster })),
  ]
    .map((line) => stageFakeLine(line, cluster.id, [tenantId]))
    .filter((e) => e !== undefined)
    .slice(0, 5);
  const prefix = renderKeyPrefix(program.keyPrefixTemplate, events[0] as unknown as Record<string, unknown>);
  if (prefix === undefined) throw new Error("the rogue object's key prefix did not render");
  const key = stagedObjectKey(prefix, nowMs, seededRandom(options.seed + 1000), program.filenameExtension);
  return { clusterId: cluster.id, tenantId, key, messages: events.map((e) => e.message), body: await gzipBody(events) };
}

async function readBack(accounts: EmulatorAccounts, inv: ResolvedInventory) {
  const streams: ArrivedStream[] = [];
  const objects: ArrivedObject[] = [];
  for (const tenant of inv.tenants) {
    for (const region of new Set(tenant.deliveries.map((d) => d.region))) {
      streams.push(...(await readLogStreams(accounts, tenant.accountId, region)));
    }
    for (const d of tenant.deliveries) {
      if (d.type === "s3")
        objects.push(...(await readObjects(accounts, tenant.accountId, d.region, d.bucket, d.prefix)));
    }
  }
  return { streams, objects };
}

/** `runDemo(options, progress)`: runs the demo, prints the report, resolves to the exit code (0 = all arrived exactly once). */
export async function runDemo(options: DemoOptions, progress: Progress): Promise<number> {
  const { inventory: inv } = loadInventory(options.inventoryPath);
  const region = chooseRegion(inv, options.inventoryPath, options.region);
  const clusters = inv.clusters.filter((c) => c.region === region);
  const nowMs = Date.now();
  let moto: MotoServer | undefined;
  try {
    progress.phase("starting moto");
    moto = await startMoto({
      onInstall: () => progress.note("installing moto into .venv (first run only, about a minute)"),
    }).catch((error: unknown) => {
      // No python3, no PyPI access, a server that will not start: the environment, not a loghop bug.
      throw new LoghopError(
        `loghop demo could not start the AWS emulator (the first run needs python3 and PyPI): ${(error as Error).message}`,
      );
    });
    const accounts = new EmulatorAccounts(moto.endpoint);
    progress.phase(`moto listening on ${moto.endpoint}; creating the ${region} pipeline and the tenants' accounts`);
    const resources = await createRegionResources(accounts, inv, region);

    const agents: AgentRun[] = [];
    const staged: StagedObject[] = [];
    const totalLines = clusters.length * options.linesPerCluster;
    let done = 0;
    for (const [index, cluster] of clusters.entries()) {
      const program = agentProgram(inv, cluster);
      const events = [
        ...fakeLogLines(
          demoLogOptions(inv, cluster, { seed: options.seed + index, nowMs, lines: options.linesPerCluster }),
        ),
      ].map((l) => l.event);
      const run = await runAgent(program, cluster.id, events, {
        flushedAtMs: nowMs,
        random: seededRandom(options.seed + 100 + index),
        onEvent: () => progress.update(`agents: VRL of ${cluster.id}, event ${++done}/${totalLines}`),
        ...(options.signal !== undefined ? { signal: options.signal } : {}),
      });
      agents.push(run);
      const objects = await stagedObjectsOf(run);
      progress.update(`agents: ${cluster.id} uploads ${objects.length} objects as its Vector role`);
      await stageObjects(accounts, inv.prefix, cluster, emulatorStagingBucket(inv, cluster, program.bucket), objects);
      staged.push(...objects);
    }
    const rogue = await rogueObject(inv, clusters[0]!, options, nowMs);
    await stageObjects(accounts, inv.prefix, clusters[0]!, resources.names.bucket, [rogue]);

    const expectedKeys = new Set([...staged.map((o) => o.key), rogue.key]);
    progress.phase(`processor: loghop process --mode sqs, ${expectedKeys.size} objects announced`);
    const processor = await runProcessorWorker({
      environment: resources.processorEnvironment,
      queueUrl: resources.queueUrl,
      expectedKeys,
      timeoutMs: options.processorTimeoutSeconds * 1000,
      ...(options.workerProgram !== undefined ? { program: options.workerProgram } : {}),
      onOutcome: (o: ObjectOutcome, settled) =>
        progress.update(`processor: ${settled}/${expectedKeys.size} objects settled (last: ${o.status})`),
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
    });
    options.signal?.throwIfAborted();

    progress.phase("reading back as each tenant's account");
    const { streams, objects } = await readBack(accounts, inv);
    progress.done();
    const run: DemoRun = { inventory: inv, region, agents, staged, rogue, processor, streams, objects };
    const expectations = expectedArrivals(resources.tenantItems, staged);
    const verdict = judgeArrivals(expectations, streams, objects);
    return printReport(run, expectations, verdict, progress) ? 0 : 1;
  } finally {
    progress.done();
    await moto?.stop();
  }
}
