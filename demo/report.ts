/**
 * What the demo prints: a progress line on stderr while it works (rewritten
 * in place on a terminal, a line every few seconds otherwise), then on stdout
 * per tenant and destination what arrived, what the agents dropped and why,
 * what the processor refused or skipped, and the verdict.
 */
import type { ObjectOutcome } from "../processor/delivery/types";
import type { Expectations } from "./expectations";
import type { DemoRun } from "./run";
import type { StreamVerdict, Tally, Verdict } from "./verdict";

export interface Progress {
  /** A new stage: printed as its own line. */
  phase(text: string): void;
  /** The current count within a stage. */
  update(text: string): void;
  note(text: string): void;
  /** Clears the live line. */
  done(): void;
  /** A report line (stdout). */
  print(line: string): void;
}

/** `terminalProgress(stderr, stdout)`: live line on a TTY, throttled lines on a pipe or file. */
export function terminalProgress(
  err: NodeJS.WriteStream = process.stderr,
  out: NodeJS.WriteStream = process.stdout,
  now: () => number = Date.now,
): Progress {
  const started = now();
  const tty = err.isTTY === true;
  let live = false;
  let lastUpdate = 0;
  const stamp = (): string => `[${((now() - started) / 1000).toFixed(1).padStart(5)} s]`;
  const clear = (): void => {
    if (live) err.write("\r\x1b[K");
    live = false;
  };
  return {
    phase(text) {
      clear();
      err.write(`${stamp()} ${text}\n`);
      lastUpdate = now();
    },
    update(text) {
      const t = now();
      if (t - lastUpdate < (tty ? 100 : 3000)) return;
      lastUpdate = t;
      if (tty) {
        err.write(`\r\x1b[K${stamp()} ${text}`);
        live = true;
      } else err.write(`${stamp()} ${text}\n`);
    },
    note(text) {
      clear();
      err.write(`${stamp()} ${text}\n`);
    },
    done: clear,
    print(line) {
      clear();
      out.write(`${line}\n`);
    },
  };
}

const MAX_SHOWN_CHARS = 96;
function shown(message: string): string {
  return message.length > MAX_SHOWN_CHARS ? `${message.slice(0, MAX_SHOWN_CHARS - 1)}…` : message;
}

function tallyText(t: Tally): string {
  if (t.missing === 0 && t.duplicated === 0 && t.unexpected === 0) return `${t.arrived} events, each exactly once`;
  return `${t.arrived} of ${t.expected} events: ${t.missing} missing, ${t.duplicated} duplicated, ${t.unexpected} unexpected  ✗`;
}

function printArrivals(run: DemoRun, verdict: Verdict, p: Progress): void {
  p.print("");
  p.print("Arrived, read back with each tenant's own credentials:");
  for (const tenant of run.inventory.tenants) {
    p.print(`  ${tenant.id} (account ${tenant.accountId})`);
    for (const delivery of tenant.deliveries) {
      if (delivery.type === "s3") {
        const objects = verdict.objects.filter((o) => o.tenantId === tenant.id && o.deliveryId === delivery.id);
        const t = objects.reduce((sum, o) => sum + o.tally.arrived, 0);
        const bad = objects.filter((o) => o.tally.missing > 0);
        p.print(`    ${delivery.id} → s3://${delivery.bucket}/${delivery.prefix} (${delivery.region})`);
        p.print(
          `      ${objects.length - bad.length}/${objects.length} objects byte-identical to the staged ones, ${t} events${bad.length > 0 ? "  ✗" : ""}`,
        );
        continue;
      }
      const streams = verdict.streams.filter((s) => s.tenantId === tenant.id && s.deliveryId === delivery.id);
      const target = delivery.logGroupName ?? `${delivery.logGroupPrefix}/<application>`;
      p.print(`    ${delivery.id} → log group ${target} (${delivery.region})`);
      if (streams.length === 0) p.print("      nothing expected");
      for (const s of streams) printStream(s, p);
    }
  }
  const stray = [...verdict.streams, ...verdict.objects].filter((v) => v.tenantId === undefined);
  if (stray.length > 0) {
    p.print("  Arrived where nothing should have  ✗");
    for (const s of verdict.streams.filter((v) => v.tenantId === undefined))
      p.print(`    ${s.accountId} ${s.region} ${s.group} ${s.stream}: ${s.messages.length} events`);
    for (const o of verdict.objects.filter((v) => v.tenantId === undefined))
      p.print(`    ${o.accountId} ${o.region} s3://${o.bucket}/${o.key}: ${o.tally.arrived} events`);
  }
}

function printStream(s: StreamVerdict, p: Progress): void {
  p.print(`      ${s.group}  stream ${s.stream}: ${tallyText(s.tally)}`);
  for (const message of s.messages.slice(0, 2)) p.print(`        │ ${shown(message)}`);
}

function printDropped(run: DemoRun, p: Progress): void {
  p.print("");
  p.print("Dropped by the agents (counted as loghop_dropped_events_total{reason, tenant_id}):");
  for (const agent of run.agents) {
    const counts = new Map<string, number>();
    for (const d of agent.dropped)
      counts.set(`${d.reason} tenant_id=${d.tenantId}`, (counts.get(`${d.reason} tenant_id=${d.tenantId}`) ?? 0) + 1);
    const staged = agent.objects.reduce((n, o) => n + o.events.length, 0);
    p.print(
      `  ${agent.clusterId}: ${agent.events} events read, ${staged} staged in ${agent.objects.length} objects, ${agent.dropped.length} dropped`,
    );
    for (const [what, n] of [...counts].sort()) p.print(`    ${what}: ${n}`);
  }
}

function printProcessor(run: DemoRun, expectations: Expectations, p: Progress): void {
  const outcomes = [...run.processor.outcomes.values()];
  const byStatus = new Map<string, number>();
  for (const o of outcomes) byStatus.set(o.status, (byStatus.get(o.status) ?? 0) + 1);
  p.print("");
  p.print(
    `Processor (loghop process --mode sqs): ${[...byStatus].map(([s, n]) => `${n} ${s}`).join(", ") || "no objects"}`,
  );
  const rogue = run.processor.outcomes.get(run.rogue.key);
  p.print(`  refused: ${run.rogue.key}`);
  p.print(
    `    staged past the agent for ${run.rogue.tenantId}: ${rogue?.status ?? "never processed"}${rogue?.reason !== undefined ? ` (${rogue.reason})` : ""}${rogue?.status === "refused" ? "" : "  ✗"}`,
  );
  for (const skip of expectations.skips)
    p.print(
      `  skipped: ${skip.tenantId} ${skip.deliveryId}, application ${skip.application}: ${skip.reason} (${skip.objects} objects, ${skip.events} events)`,
    );
  const rejected = outcomes.flatMap((o) => o.destinations).reduce((n, d) => n + d.rejected, 0);
  if (rejected > 0) p.print(`  events CloudWatch rejected (too old/new): ${rejected}`);
  for (const o of outcomes.filter((o: ObjectOutcome) => o.status === "failed"))
    p.print(`  failed: ${o.key}: ${o.reason ?? o.failureReason ?? "unknown"}  ✗`);
  if (run.processor.timedOut) p.print("  the processor did not settle every object in time  ✗");
  if (run.processor.otherOutput !== "") p.print(`  processor output:\n${run.processor.otherOutput}`);
}

/** `printReport(run, expectations, verdict, progress)`: prints the report; true when the demo passed. */
export function printReport(run: DemoRun, expectations: Expectations, verdict: Verdict, p: Progress): boolean {
  printArrivals(run, verdict, p);
  printDropped(run, p);
  printProcessor(run, expectations, p);
  const unsettled = [...run.staged.map((o) => o.key), run.rogue.key].filter((k) => {
    const status = run.processor.outcomes.get(k)?.status;
    return status === undefined || status === "failed";
  });
  const rogueRefused = run.processor.outcomes.get(run.rogue.key)?.status === "refused";
  const ok = verdict.ok && rogueRefused && unsettled.length === 0;
  const t = verdict.total;
  p.print("");
  p.print(
    ok
      ? `PASS: all ${t.expected} expected events arrived exactly once, nothing else arrived, and the rogue object was refused.`
      : `FAIL: ${t.arrived} of ${t.expected} expected events arrived; ${t.missing} missing, ${t.duplicated} duplicated, ${t.unexpected} unexpected; ${unsettled.length} objects unsettled; rogue object ${rogueRefused ? "refused" : "not refused"}.`,
  );
  return ok;
}
