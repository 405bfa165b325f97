/**
 * Acting as an AWS account in moto. moto keeps one estate per account id and
 * decides the account from the request's access key: plain keys act in its
 * default account, and the keys of an assumed role act in the role's account.
 * So assuming `emulator-admin` in account X gives credentials that act as X —
 * how the demo and the tests play the central, cluster and tenant accounts.
 */
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { roleArn } from "../inventory/names";

/** Static credentials, the shape every SDK v3 client accepts. */
export interface EmulatorCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** Credentials moto accepts as its default account (it checks no signature secret). */
export const EMULATOR_PLAIN_CREDENTIALS: EmulatorCredentials = {
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  secretAccessKey: "moto-secret",
};

/** The role assumed to act in an account; moto does not require it to exist. */
export const EMULATOR_ADMIN_ROLE = "emulator-admin";

/** The region and endpoint settings of an SDK client pointed at the emulator. */
export interface EmulatorClientConfig {
  readonly region: string;
  readonly endpoint: string;
  readonly credentials: EmulatorCredentials;
  /** S3 needs path-style addressing: the emulator has no per-bucket host names. */
  readonly forcePathStyle: true;
}

export class EmulatorAccounts {
  private readonly credentials = new Map<string, Promise<EmulatorCredentials>>();

  constructor(readonly endpoint: string) {}

  /** Credentials acting in `accountId` (cached: one AssumeRole per account). */
  credentialsFor(accountId: string): Promise<EmulatorCredentials> {
    return this.assume(roleArn(accountId, EMULATOR_ADMIN_ROLE), EMULATOR_ADMIN_ROLE);
  }

  /** Credentials of the role `arn` (in its account), as a workload that assumed it. */
  assume(arn: string, sessionName: string): Promise<EmulatorCredentials> {
    const cached = this.credentials.get(arn);
    if (cached !== undefined) return cached;
    const sts = new STSClient(this.plainConfig("us-east-1"));
    const pending = sts
      .send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: sessionName, DurationSeconds: 3600 }))
      .then(({ Credentials: c }) => {
        if (c?.AccessKeyId === undefined || c.SecretAccessKey === undefined || c.SessionToken === undefined)
          throw new Error(`the emulator returned no credentials for ${arn}`);
        return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
      });
    this.credentials.set(arn, pending);
    return pending;
  }

  /** Client settings acting in `accountId` in `region`. */
  async config(accountId: string, region: string): Promise<EmulatorClientConfig> {
    return { region, endpoint: this.endpoint, credentials: await this.credentialsFor(accountId), forcePathStyle: true };
  }

  private plainConfig(region: string): EmulatorClientConfig {
    return { region, endpoint: this.endpoint, credentials: EMULATOR_PLAIN_CREDENTIALS, forcePathStyle: true };
  }
}
