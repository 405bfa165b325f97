import { TenantClientPool } from "../../processor/credentials/client-pool";
import { RoleChain } from "../../processor/credentials/role-chain";
import { processorConfig, s3Item } from "./factories";

describe("TenantClientPool", () => {
  const pool = new TenantClientPool(
    new RoleChain({ centralRoleArn: processorConfig().centralRoleArn, region: "eu-west-1" }),
  );

  it("gives the S3 copy no SDK-level retry: its body is a one-shot stream, the delivery retries by re-opening", async () => {
    const client = pool.s3(s3Item());
    await expect(client.config.maxAttempts()).resolves.toBe(1);
  });

  it("keeps one client per tenant role and region", () => {
    expect(pool.s3(s3Item())).toBe(pool.s3(s3Item()));
    expect(pool.s3(s3Item({ region: "us-east-1" }))).not.toBe(pool.s3(s3Item()));
  });
});
