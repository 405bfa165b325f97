/**
 * README's "What the agent's defaults cost" table, recomputed from `inventory/defaults.ts` for the
 * stated example estate: if a default changes, this fails until the README says the new cost.
 */
import { readFileSync } from "node:fs";
import { DEFAULTS } from "../../inventory/defaults";

const SECONDS_PER_DAY = 86_400;
/** The README's example estate. */
const ESTATE = { pods: 400, nodes: 20, bytesPerDay: 50_000_000_000 };
/** The earlier system's agent settings the README compares with. */
const EARLIER = { batchMaxBytes: 64_000_000, batchTimeoutSeconds: 300, bufferMaxBytes: 10 * 1024 ** 3 };

const readme = readFileSync("README.md", "utf8");
const section = readme.slice(readme.indexOf("### What the agent's defaults cost"), readme.indexOf("## The processor"));
const n = (value: number): string => Math.round(value).toLocaleString("en-US");

interface AgentSettings {
  readonly batchMaxBytes: number;
  readonly batchTimeoutSeconds: number;
  readonly bufferMaxBytes: number;
}

/** Objects, requests, invocations and buffer time of one cluster of the estate, one poller. */
function costOf(agent: AgentSettings) {
  const podBytesPerSecond = ESTATE.bytesPerDay / ESTATE.pods / SECONDS_PER_DAY;
  const batchSeconds = Math.min(agent.batchTimeoutSeconds, agent.batchMaxBytes / podBytesPerSecond);
  const objectsPerPod = SECONDS_PER_DAY / batchSeconds;
  const puts = ESTATE.pods * objectsPerPod;
  const { batchSize, batchWindowSeconds } = DEFAULTS.processor;
  const messagesPerWindow = (puts / SECONDS_PER_DAY) * batchWindowSeconds;
  // A batch is invoked when it holds batchSize messages or when the window closes, whichever is first.
  const invocations =
    messagesPerWindow >= batchSize ? puts / batchSize : Math.min(puts, SECONDS_PER_DAY / batchWindowSeconds);
  const nodeBytesPerSecond = ESTATE.bytesPerDay / ESTATE.nodes / SECONDS_PER_DAY;
  return {
    podBytesPerSecond,
    batchSeconds,
    objectsPerPod,
    puts,
    invocations,
    bufferSeconds: agent.bufferMaxBytes / nodeBytesPerSecond,
  };
}

describe("README: what the agent's defaults cost", () => {
  const defaults = costOf(DEFAULTS.vector);
  const earlier = costOf(EARLIER);

  it("states the estate's per-pod and per-node rates", () => {
    expect(n(defaults.podBytesPerSecond)).toBe("1,447");
    expect(section).toContain(`1,447 B/s per pod`);
    expect(section).toContain(`${n(ESTATE.bytesPerDay / ESTATE.nodes / SECONDS_PER_DAY)} B/s per node`);
  });

  it("gives the defaults' objects, PUTs, invocations, latency and buffer time", () => {
    expect(section).toContain(
      `| loghop defaults: ${DEFAULTS.vector.batchMaxBytes / 1e6} MB / ${DEFAULTS.vector.batchTimeoutSeconds} s, ${DEFAULTS.vector.bufferMaxBytes / 1024 ** 2} MiB buffer |`,
    );
    expect(defaults.batchSeconds).toBe(DEFAULTS.vector.batchTimeoutSeconds);
    expect(section).toContain(`86,400 / ${DEFAULTS.vector.batchTimeoutSeconds} = ${n(defaults.objectsPerPod)}`);
    expect(section).toContain(`400 × ${n(defaults.objectsPerPod)} = **${n(defaults.puts)}**`);
    expect(section).toContain(`${n(defaults.puts)} / ${DEFAULTS.processor.batchSize} = **${n(defaults.invocations)}**`);
    expect(section).toContain(
      `≤ ${DEFAULTS.vector.batchTimeoutSeconds} s, ${DEFAULTS.vector.batchTimeoutSeconds / 2} s on average`,
    );
    expect(section).toContain(`≈ **${(defaults.bufferSeconds / 3600).toFixed(1)} h**`);
  });

  it("gives the earlier system's figures the same way", () => {
    expect(section).toContain(`400 × ${n(earlier.objectsPerPod)} = **${n(earlier.puts)}**`);
    expect(section).toContain(`86,400 / ${DEFAULTS.processor.batchWindowSeconds} = **${n(earlier.invocations)}**`);
    expect(section).toContain(`≈ **${(earlier.bufferSeconds / SECONDS_PER_DAY).toFixed(1)} days**`);
    expect(section).toContain(`at ${defaults.puts / earlier.puts}× the requests`);
  });
});
