import "aws-sdk-client-mock-jest";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { RoleChain, tenantSessionName } from "../../processor/credentials/role-chain";
import { classifyError } from "../../processor/failures/classify";

const sts = mockClient(STSClient);
const CENTRAL = "arn:aws:iam::111111111111:role/loghop-central-distribution";
const globex = {
  tenantId: "globex",
  roleArn: "arn:aws:iam::222222222222:role/loghop-globex-delivery",
  externalId: "ext-g",
};
const umbrella = {
  tenantId: "umbrella",
  roleArn: "arn:aws:iam::333333333333:role/loghop-umbrella-delivery",
  externalId: "ext-u",
};

function credentials(id: string, expiresAt: number) {
  return {
    Credentials: {
      AccessKeyId: id,
      SecretAccessKey: `${id}-secret`,
      SessionToken: `${id}-token`,
      Expiration: new Date(expiresAt),
    },
  };
}

beforeEach(() => {
  sts.reset();
  sts.on(AssumeRoleCommand, { RoleArn: CENTRAL }).resolves(credentials("CENTRAL", 3_600_000));
  sts.on(AssumeRoleCommand, { RoleArn: globex.roleArn }).resolves(credentials("GLOBEX", 3_600_000));
  sts.on(AssumeRoleCommand, { RoleArn: umbrella.roleArn }).resolves(credentials("UMBRELLA", 3_600_000));
});

/** A chain whose first hop uses fixed processor credentials; `now` drives credential expiry. */
function newChain(now: () => number = () => 0): RoleChain {
  return new RoleChain({
    centralRoleArn: CENTRAL,
    region: "eu-west-1",
    stsConfig: { credentials: { accessKeyId: "P", secretAccessKey: "P" } },
    now,
  });
}

describe("RoleChain", () => {
  it("hops processor → central → tenant role with the tenant's ExternalId and a session named after the tenant", async () => {
    const chain = newChain();
    const creds = await chain.tenantCredentials(globex);
    expect(creds.accessKeyId).toBe("GLOBEX");
    const calls = sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input);
    expect(calls).toStrictEqual([
      { RoleArn: CENTRAL, RoleSessionName: "loghop-processor", DurationSeconds: 3600 },
      { RoleArn: globex.roleArn, RoleSessionName: "loghop-globex", ExternalId: "ext-g", DurationSeconds: 3600 },
    ]);
  });

  it("caches both hops: many objects of many tenants cost one STS call per role", async () => {
    const chain = newChain();
    await Promise.all([
      chain.tenantCredentials(globex),
      chain.tenantCredentials(globex),
      chain.tenantCredentials(umbrella),
    ]);
    await chain.tenantCredentials(globex);
    await chain.tenantCredentials(umbrella);
    expect(
      sts
        .commandCalls(AssumeRoleCommand)
        .map((c) => c.args[0].input.RoleArn)
        .sort(),
    ).toStrictEqual([CENTRAL, globex.roleArn, umbrella.roleArn].sort());
  });

  it("refreshes a tenant's credentials shortly (5 min) before they expire", async () => {
    let now = 0;
    const chain = newChain(() => now);
    await chain.tenantCredentials(globex);
    now = 3_600_000 - 5 * 60_000 - 1;
    await chain.tenantCredentials(globex);
    expect(sts.commandCalls(AssumeRoleCommand, { RoleArn: globex.roleArn })).toHaveLength(1);
    now = 3_600_000 - 5 * 60_000 + 1;
    await chain.tenantCredentials(globex);
    expect(sts.commandCalls(AssumeRoleCommand, { RoleArn: globex.roleArn })).toHaveLength(2);
  });

  it("reports AccessDenied on the tenant's AssumeRole as permanent and does not cache the failure", async () => {
    const denied = Object.assign(new Error("not authorized to perform sts:AssumeRole"), {
      name: "AccessDenied",
      $metadata: { httpStatusCode: 403 },
    });
    sts
      .on(AssumeRoleCommand, { RoleArn: globex.roleArn })
      .rejectsOnce(denied)
      .resolves(credentials("GLOBEX", 3_600_000));
    const chain = newChain();
    const error = await chain.tenantCredentials(globex).catch((e: unknown) => e);
    expect(classifyError(error)).toStrictEqual({ kind: "permanent", reason: "assume-role-denied" });
    expect(String(error)).toMatch(
      /AssumeRole arn:aws:iam::222222222222:role\/loghop-globex-delivery failed: AccessDenied/,
    );
    await expect(chain.tenantCredentials(globex)).resolves.toMatchObject({ accessKeyId: "GLOBEX" });
  });

  it("keeps session names within STS's alphabet and 64 characters", () => {
    expect(tenantSessionName("a b/c")).toBe("loghop-a-b-c");
    expect(tenantSessionName("t".repeat(80))).toHaveLength(64);
  });
});
