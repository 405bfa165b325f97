/**
 * `loghop demo` as a user runs it: the example inventory's eu-west-1 pipeline
 * on moto, through the generated VRL and `loghop process --mode sqs`. It must
 * exit 0 (every expected event arrived exactly once, read back as each
 * tenant), report the agents' drops and the processor's refusal, and leave no
 * emulator behind.
 */
import { createConnection } from "node:net";
import { runLoghop } from "../support/cli";

jest.setTimeout(10 * 60_000); // the first run installs moto into .venv

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

describe("loghop demo", () => {
  it("delivers every expected event exactly once, reports drops and refusals, and stops the emulator", async () => {
    // Act
    const started = Date.now();
    const run = await runLoghop(["demo", "--lines", "60", "--seed", "5"]);
    const seconds = (Date.now() - started) / 1000;

    // Assess
    expect({ status: run.status, stderr: run.status === 0 ? "" : run.stderr }).toStrictEqual({ status: 0, stderr: "" });
    expect(run.stdout).toMatch(
      /^PASS: all \d+ expected events arrived exactly once, nothing else arrived, and the rogue object was refused\.$/m,
    );
    // Both eu-west-1 clusters ran; each tenant reachable from them got events, read as its own account.
    for (const line of [
      "  globex (account 222222222222)",
      "  initech (account 333333333333)",
      "  umbrella (account 444444444444)",
      "  eks-eu-1: 60 events read",
      "  rosa-eu-2: 60 events read",
    ])
      expect(run.stdout).toContain(line);
    expect(run.stdout).toMatch(/stream eks-eu-1\/web\/web-[a-z0-9]+-[a-z0-9]+: \d+ events, each exactly once/);
    expect(run.stdout).toMatch(/\/initech\/k8s\/[a-z]+ {2}stream rosa-eu-2\//);
    expect(run.stdout).toMatch(/\d+\/\d+ objects byte-identical to the staged ones/);
    // The agents dropped the foreign tenants' and the unattributed pod's lines, by reason; the
    // counter's tenant label is a tenant the cluster carries or `other`, never what a pod claimed.
    expect(run.stdout).toMatch(/^ {4}tenant_not_allowed tenant_id=other: \d+$/m);
    expect(run.stdout).toMatch(/^ {4}tenant_missing tenant_id=other: \d+$/m);
    expect(run.stdout).not.toMatch(/tenant_id=(initech|mallory|_missing)/);
    // The object a rogue agent staged for initech on eks-eu-1 was refused, and globex's undesired app skipped.
    expect(run.stdout).toMatch(/refused \(cluster eks-eu-1 may not carry tenant initech\)/);
    expect(run.stdout).toMatch(/skipped: globex .*application worker: application-not-desired/);
    expect(run.stdout).not.toContain("✗");
    // A progress line while it worked; the emulator is gone.
    expect(run.stderr).toMatch(/processor: loghop process --mode sqs, \d+ objects announced/);
    const port = Number(/moto listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(run.stderr)?.[1]);
    expect(await accepts(port)).toBe(false);
    // The figure README quotes, re-measured on every run.
    console.log(`loghop demo --lines 60 took ${seconds.toFixed(1)} s`);
  });
});
