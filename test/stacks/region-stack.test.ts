/** The region stack's security and wiring rules, read from the synthesized cdk.tf.json. */
import { existsSync, utimesSync, writeFileSync } from "node:fs";
import { shardTenantItems } from "../../generators/processor-config/tenant-shards";
import { join } from "node:path";
import { App } from "cdktf";
import { StackError } from "../../stacks/errors";
import { bundleContentHash } from "../../stacks/region/bundle-hash";
import { RegionStack } from "../../stacks/region/region-stack";
import { laneGroups } from "../../stacks/lanes/lane-groups";
import { LaneStack } from "../../stacks/lanes/lane-stack";
import type { TenantDeliveryItem } from "../../processor/tenant-config/types";
import { buildVectorConfig } from "../../generators/vector/config";
import { METRIC, PROCESSOR_METRICS_SERVICE } from "../../processor/observability/metric-names";
import { processorMetricsNamespace } from "../../inventory/names";
import { vectorPermissions } from "../../stacks/cluster/cluster-policies";
import { evaluate } from "../support/iam-eval";
import { exampleInventory } from "./support/inventories";
import {
  asArray,
  fakeProcessorBundle,
  laneResources,
  policyOf,
  statementBySid,
  synthApp,
  type SynthResult,
} from "./support/synth";
import { writtenShards } from "./support/tenant-shards";

const inventory = exampleInventory();
const EU = "region-eu-west-1";
const US = "region-us-east-1";
const ACCOUNT = "111111111111";
const BUCKET = "lh-prod-staging-111111111111-eu-west-1";
const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;
const TOPIC_ARN = "arn:aws:sns:eu-west-1:111111111111:lh-prod-staged-objects";
const KEY_REF = "${aws_kms_key.pipeline-key.arn}";
/** A lane stack reads the region key's ARN from its alias (unknown until the region is applied). */
const LANE_KEY_REF = "${data.aws_kms_alias.pipeline-key.target_key_arn}";
const ENVIRONMENT = { LOGHOP_TENANT_TABLE: "lh-prod-tenants", LOGHOP_STAGING_BUCKET: BUCKET };

const ITEMS: TenantDeliveryItem[] = [
  {
    tenantId: "globex",
    deliveryId: "cloudwatch:eu-west-1:/loghop/globex/prod",
    type: "cloudwatch",
    region: "eu-west-1",
    accountId: "222222222222",
    roleArn: "arn:aws:iam::222222222222:role/lh-prod-globex-delivery",
    externalId: "lhx-7Qm2vT9rKp4ZsW8yXc3NbL6dHf1JgA5e",
    enabled: true,
    desiredLogs: ["checkout"],
    allowedClusters: ["eks-eu-1", "rosa-eu-2"],
    logGroupName: "/loghop/globex/prod",
    retentionDays: 90,
  },
  {
    tenantId: "initech",
    deliveryId: "cloudwatch:us-east-1:/initech/k8s/*",
    type: "cloudwatch",
    region: "us-east-1",
    accountId: "333333333333",
    roleArn: "arn:aws:iam::333333333333:role/lh-prod-initech-delivery",
    externalId: "lhx-Vb8nR3kQ7wYt2LpZ5mXc9HsD4fGj6Ea1",
    enabled: true,
    allowedClusters: ["eks-us-1"],
    logGroupPrefix: "/initech/k8s",
    retentionDays: 30,
  },
];

let synth: SynthResult;
let bundle: ReturnType<typeof fakeProcessorBundle>;

beforeAll(() => {
  bundle = fakeProcessorBundle();
  synth = synthApp((app) => {
    for (const region of inventory.central.regions) {
      new RegionStack(app, {
        inventory,
        region,
        processorBundleDir: bundle.dir,
        tenantShards: shardTenantItems(ITEMS),
        processorEnvironment: ENVIRONMENT,
      });
      for (const group of laneGroups(inventory, region)) new LaneStack(app, { inventory, group });
    }
  });
});

afterAll(() => {
  synth.cleanup();
  bundle.cleanup();
});

describe("provider", () => {
  test("assumes the central deploy role, in the stack's region, only in the central account, with default tags", () => {
    const [provider] = synth.stack(EU).provider?.["aws"] ?? [];
    expect(provider).toMatchObject({
      region: "eu-west-1",
      allowed_account_ids: [ACCOUNT],
      assume_role: [{ role_arn: "arn:aws:iam::111111111111:role/loghop-deployer" }],
      default_tags: [
        { tags: { Project: "acme-platform-logs", Environment: "prod", ManagedBy: "loghop", Region: "eu-west-1" } },
      ],
    });
  });
});

describe("KMS key", () => {
  const keyPolicy = () => policyOf(synth.only(EU, "aws_kms_key"));

  test("rotates", () => {
    expect(synth.only(EU, "aws_kms_key")["enable_key_rotation"]).toBe(true);
  });

  test("lets S3 use it only for this account's staging bucket", () => {
    const statement = statementBySid(keyPolicy(), "S3PublishesStagedObjectEvents");
    expect(statement.Principal).toStrictEqual({ Service: "s3.amazonaws.com" });
    expect(statement.Condition).toStrictEqual({
      StringEquals: { "aws:SourceAccount": ACCOUNT },
      ArnLike: { "aws:SourceArn": BUCKET_ARN },
    });
  });

  test("lets SNS use it only for the staged-objects topic", () => {
    const statement = statementBySid(keyPolicy(), "SnsDeliversToEncryptedQueue");
    expect(statement.Principal).toStrictEqual({ Service: "sns.amazonaws.com" });
    expect(statement.Condition).toStrictEqual({
      StringEquals: { "aws:SourceAccount": ACCOUNT },
      ArnLike: { "aws:SourceArn": TOPIC_ARN },
    });
  });

  test("lets this region's cluster accounts' Vector roles generate data keys, only via S3, only for this bucket", () => {
    const statement = statementBySid(keyPolicy(), "ClusterAgentsEncryptStagedObjects");
    expect(statement.Action).toBe("kms:GenerateDataKey");
    expect(statement.Principal).toStrictEqual({
      AWS: ["arn:aws:iam::555555555555:root", "arn:aws:iam::666666666666:root"],
    });
    expect(statement.Condition).toStrictEqual({
      StringEquals: {
        "kms:ViaService": "s3.eu-west-1.amazonaws.com",
        "kms:EncryptionContext:aws:s3:arn": BUCKET_ARN,
      },
      ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/lh-prod-*-vector" },
    });
    const us = statementBySid(policyOf(synth.only(US, "aws_kms_key")), "ClusterAgentsEncryptStagedObjects");
    expect(us.Principal).toStrictEqual({ AWS: ["arn:aws:iam::555555555555:root"] });
  });

  test("the grant admits only Vector-named roles, only through S3, only for this bucket (evaluated as IAM does)", () => {
    const generate = (principalArn: string, via = "s3.eu-west-1.amazonaws.com", bucket = BUCKET_ARN) =>
      evaluate(keyPolicy() as never, {
        action: "kms:GenerateDataKey",
        resource: "*",
        principal: principalArn,
        context: {
          "aws:PrincipalArn": principalArn,
          "kms:ViaService": via,
          "kms:EncryptionContext:aws:s3:arn": bucket,
        },
      });
    const EKS = "arn:aws:iam::555555555555:role/lh-prod-eks-eu-1-vector";
    expect(generate(EKS)).toBe("allow");
    expect(generate("arn:aws:iam::555555555555:role/lh-prod-eks-eu-1-worker")).toBe("implicit-deny");
    expect(generate("arn:aws:iam::555555555555:role/other-eks-eu-1-vector")).toBe("implicit-deny");
    expect(generate("arn:aws:iam::555555555555:role/team/lh-prod-x-vector")).toBe("implicit-deny");
    expect(generate(EKS, "sqs.eu-west-1.amazonaws.com")).toBe("implicit-deny");
    expect(generate(EKS, "s3.eu-west-1.amazonaws.com", "arn:aws:s3:::another-bucket")).toBe("implicit-deny");
    // An account with no cluster in this region is not in the Principal, whatever its role's name.
    expect(generate("arn:aws:iam::777777777777:role/lh-prod-eks-eu-1-vector")).toBe("implicit-deny");
  });

  test("is named by the alias the cluster roles' policies refer to", () => {
    expect(synth.only(EU, "aws_kms_alias")).toMatchObject({
      name: "alias/lh-prod-pipeline",
      target_key_id: "${aws_kms_key.pipeline-key.key_id}",
    });
  });
});

describe("staging bucket", () => {
  test("blocks every kind of public access", () => {
    expect(synth.only(EU, "aws_s3_bucket_public_access_block")).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  test("encrypts with the pipeline key (SSE-KMS) and a bucket key", () => {
    expect(synth.only(EU, "aws_s3_bucket_server_side_encryption_configuration")["rule"]).toStrictEqual([
      {
        apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: KEY_REF },
        bucket_key_enabled: true,
      },
    ]);
  });

  test("enforces bucket-owner ownership (ACLs disabled)", () => {
    expect(synth.only(EU, "aws_s3_bucket_ownership_controls")["rule"]).toStrictEqual({
      object_ownership: "BucketOwnerEnforced",
    });
  });

  test("expires every object after stagingRetentionDays and is not versioned", () => {
    const [rule] = synth.only(EU, "aws_s3_bucket_lifecycle_configuration")["rule"] as Array<Record<string, unknown>>;
    expect(rule).toMatchObject({ status: "Enabled", filter: [{ prefix: "" }], expiration: [{ days: 7 }] });
    expect(synth.only(EU, "aws_s3_bucket_versioning")["versioning_configuration"]).toStrictEqual({
      status: "Disabled",
    });
  });

  test("denies every request without TLS, on the bucket and its objects", () => {
    const statement = statementBySid(policyOf(synth.only(EU, "aws_s3_bucket_policy")), "DenyRequestsWithoutTls");
    expect(statement).toMatchObject({ Effect: "Deny", Principal: "*", Action: "s3:*" });
    expect(statement.Resource).toStrictEqual([BUCKET_ARN, `${BUCKET_ARN}/*`]);
    expect(statement.Condition).toStrictEqual({ Bool: { "aws:SecureTransport": "false" } });
  });

  test("one constant statement delegates writes to the installation's access points in the central account", () => {
    const allows = policyOf(synth.only(EU, "aws_s3_bucket_policy")).Statement.filter((s) => s.Effect === "Allow");
    expect(allows).toStrictEqual([
      {
        Sid: "ClusterAgentsWriteThroughOwnAccessPoints",
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: "s3:PutObject",
        Resource: `${BUCKET_ARN}/*`,
        Condition: {
          StringEquals: { "s3:DataAccessPointAccount": ACCOUNT },
          ArnLike: { "s3:DataAccessPointArn": `arn:aws:s3:eu-west-1:${ACCOUNT}:accesspoint/lh-prod--*` },
        },
      },
    ]);
  });

  test("each cluster of the region has its own access point, whose policy admits only its Vector role under its prefix", () => {
    const points = Object.values(laneResources(synth, "eu-west-1", "aws_s3_access_point"));
    expect(points.map((point) => point["name"]).sort()).toStrictEqual(["lh-prod--eks-eu-1", "lh-prod--rosa-eu-2"]);
    const eks = points.find((point) => point["name"] === "lh-prod--eks-eu-1") as Record<string, unknown>;
    expect(eks).toMatchObject({
      bucket: BUCKET,
      account_id: ACCOUNT,
      public_access_block_configuration: {
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      },
    });
    expect(eks["vpc_configuration"]).toBeUndefined();
    expect(policyOf(eks).Statement).toStrictEqual([
      {
        Sid: "ClusterAgentWritesOwnPrefix",
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::555555555555:root" },
        Action: "s3:PutObject",
        Resource: `arn:aws:s3:eu-west-1:${ACCOUNT}:accesspoint/lh-prod--eks-eu-1/object/eks-eu-1/*`,
        Condition: { StringEquals: { "aws:PrincipalArn": "arn:aws:iam::555555555555:role/lh-prod-eks-eu-1-vector" } },
      },
    ]);
  });

  describe("who may write where: identity, access point and bucket policies evaluated as S3 does", () => {
    const EKS = "arn:aws:iam::555555555555:role/lh-prod-eks-eu-1-vector";
    const ROSA = "arn:aws:iam::666666666666:role/lh-prod-rosa-eu-2-vector";
    const OWN = "eks-eu-1/acme/web/web-0/1700000000-abc.json.gz";
    const OTHER = "rosa-eu-2/globex/api/api-0/1700000000-abc.json.gz";
    const accessPoints = () =>
      new Map(
        Object.values(laneResources(synth, "eu-west-1", "aws_s3_access_point")).map((point) => [
          String(point["name"]),
          policyOf(point),
        ]),
      );
    /**
     * A PutObject by `principalArn`. With an access point (`<account>:<name>`), S3 needs the access
     * point's policy (its Principal and conditions) and the bucket
     * policy to allow it; without one, the bucket policy alone. The caller's identity policy is
     * taken as allowing everything: a compromised cluster account writes its own.
     */
    const put = (principalArn: string, key: string, through?: { account: string; name: string }): boolean => {
      const context = { "aws:PrincipalArn": principalArn, "aws:SecureTransport": "true" };
      if (through === undefined) {
        const direct = evaluate(policyOf(synth.only(EU, "aws_s3_bucket_policy")) as never, {
          action: "s3:PutObject",
          resource: `${BUCKET_ARN}/${key}`,
          context,
        });
        return direct === "allow";
      }
      const apArn = `arn:aws:s3:eu-west-1:${through.account}:accesspoint/${through.name}`;
      const apPolicy = through.account === ACCOUNT ? accessPoints().get(through.name) : undefined;
      if (apPolicy === undefined) return false;
      const viaAccessPoint = evaluate(apPolicy as never, {
        action: "s3:PutObject",
        principal: principalArn,
        resource: `${apArn}/object/${key}`,
        context,
      });
      const viaBucket = evaluate(policyOf(synth.only(EU, "aws_s3_bucket_policy")) as never, {
        action: "s3:PutObject",
        resource: `${BUCKET_ARN}/${key}`,
        context: { ...context, "s3:DataAccessPointAccount": through.account, "s3:DataAccessPointArn": apArn },
      });
      return viaAccessPoint === "allow" && viaBucket === "allow";
    };
    const own = { account: ACCOUNT, name: "lh-prod--eks-eu-1" };
    const rosas = { account: ACCOUNT, name: "lh-prod--rosa-eu-2" };

    test("a cluster's role writes under its own prefix through its own access point, and nowhere else", () => {
      expect(put(EKS, OWN, own)).toBe(true);
      expect(put(ROSA, OTHER, rosas)).toBe(true);
      expect(put(EKS, OTHER, own)).toBe(false);
      expect(put(EKS, "loghop-heartbeat-elsewhere/x.json.gz", own)).toBe(false);
      expect(put(EKS, "eks-eu-1-evil/x.json.gz", own)).toBe(false);
    });

    test("another cluster's access point admits no other role, whatever its name or account", () => {
      expect(put(EKS, OTHER, rosas)).toBe(false);
      expect(put(EKS, OWN, rosas)).toBe(false);
      // A compromised account can create roles of any name: a copy of rosa's role name in eks's account.
      expect(put("arn:aws:iam::555555555555:role/lh-prod-rosa-eu-2-vector", OTHER, rosas)).toBe(false);
      expect(put("arn:aws:iam::555555555555:role/lh-prod-eks-eu-1-other", OWN, own)).toBe(false);
      expect(put("arn:aws:iam::777777777777:role/lh-prod-eks-eu-1-vector", OWN, own)).toBe(false);
    });

    test("no write reaches the bucket directly, or through an access point of any other account", () => {
      expect(put(EKS, OWN)).toBe(false);
      expect(put(ROSA, OTHER)).toBe(false);
      // What the bucket policy alone says of a write arriving through the access point `apArn`.
      const bucketAllowsVia = (apArn: string, key: string) =>
        evaluate(policyOf(synth.only(EU, "aws_s3_bucket_policy")) as never, {
          action: "s3:PutObject",
          resource: `${BUCKET_ARN}/${key}`,
          context: {
            "aws:PrincipalArn": EKS,
            "aws:SecureTransport": "true",
            "s3:DataAccessPointAccount": apArn.split(":")[4] as string,
            "s3:DataAccessPointArn": apArn,
          },
        });
      // An access point a cluster account makes on our bucket (cross-account access points exist).
      expect(bucketAllowsVia("arn:aws:s3:eu-west-1:555555555555:accesspoint/lh-prod--eks-eu-1", OTHER)).toBe(
        "implicit-deny",
      );
      // An installation whose prefix extends ours (`lh-prod-x`): its access points are `lh-prod-x--…`,
      // outside `lh-prod--*` whatever its deploy role names them, since no prefix contains `--`.
      expect(bucketAllowsVia(`arn:aws:s3:eu-west-1:${ACCOUNT}:accesspoint/lh-prod-x--evil`, OTHER)).toBe(
        "implicit-deny",
      );
      // A central-account access point outside the installation's names (another installation's).
      expect(bucketAllowsVia(`arn:aws:s3:eu-west-1:${ACCOUNT}:accesspoint/other-eks-eu-1`, OWN)).toBe("implicit-deny");
      // The installation's own access point is what the bucket delegates to.
      expect(bucketAllowsVia(`arn:aws:s3:eu-west-1:${ACCOUNT}:accesspoint/lh-prod--eks-eu-1`, OWN)).toBe("allow");
    });

    test("the Vector role's own policy names only its own access point and prefix", () => {
      const cluster = inventory.clusters.find((c) => c.id === "eks-eu-1");
      if (cluster === undefined) throw new Error("example inventory lost eks-eu-1");
      const identity = vectorPermissions(inventory, cluster);
      const apObject = (name: string, key: string) =>
        evaluate(identity, {
          action: "s3:PutObject",
          resource: `arn:aws:s3:eu-west-1:${ACCOUNT}:accesspoint/${name}/object/${key}`,
        });
      expect(apObject("lh-prod--eks-eu-1", OWN)).toBe("allow");
      expect(apObject("lh-prod--eks-eu-1", OTHER)).toBe("implicit-deny");
      expect(apObject("lh-prod--rosa-eu-2", OTHER)).toBe("implicit-deny");
      expect(evaluate(identity, { action: "s3:PutObject", resource: `${BUCKET_ARN}/${OWN}` })).toBe("implicit-deny");
    });
  });
});

/** IAM's evaluation of the condition operators the upload denies use, on one request's headers. */
function conditionMatches(
  condition: Record<string, Record<string, string | string[]>>,
  headers: Record<string, string>,
): boolean {
  return Object.entries(condition).every(([operator, tests]) =>
    Object.entries(tests).every(([key, expected]) => {
      const value = headers[key.replace(/^s3:/, "")];
      const wanted = asArray(expected);
      // IAM: a negated operator (with or without IfExists) on an absent key is true; Null tests presence.
      switch (operator) {
        case "StringNotEquals":
        case "StringNotEqualsIfExists":
          return value === undefined || !wanted.includes(value);
        case "Null":
          return (value === undefined) === (wanted[0] === "true");
        default:
          throw new Error(`operator ${operator} not modelled`);
      }
    }),
  );
}

describe("staging bucket upload rules", () => {
  const OBJECTS = `${BUCKET_ARN}/*`;
  const policy = (): ReturnType<typeof policyOf> => policyOf(synth.only(EU, "aws_s3_bucket_policy"));
  const denies = () => policy().Statement.filter((s) => s.Effect === "Deny" && s.Sid !== "DenyRequestsWithoutTls");
  /** Whether a PutObject with these headers is refused by one of the denies. */
  const refused = (headers: Record<string, string>): boolean =>
    denies().some((s) => conditionMatches(s.Condition!, headers));

  test("deny, for everyone, another KMS key, non-KMS encryption, SSE-C and a storage class other than STANDARD", () => {
    const deny = (Sid: string, Condition: object) => ({
      Sid,
      Effect: "Deny",
      Principal: "*",
      Action: "s3:PutObject",
      Resource: OBJECTS,
      Condition,
    });
    const presentAndNot = (key: string, value: string) => ({
      StringNotEquals: { [key]: value },
      Null: { [key]: "false" },
    });
    expect(denies()).toStrictEqual([
      deny("DenyOtherKmsKey", presentAndNot("s3:x-amz-server-side-encryption-aws-kms-key-id", KEY_REF)),
      deny("DenyEncryptionOtherThanKms", presentAndNot("s3:x-amz-server-side-encryption", "aws:kms")),
      deny("DenyCustomerProvidedKeys", { Null: { "s3:x-amz-server-side-encryption-customer-algorithm": "false" } }),
      deny("DenyStorageClassOtherThanStandard", presentAndNot("s3:x-amz-storage-class", "STANDARD")),
    ]);
  });

  test("refuse hostile uploads and accept the ones the processor can read", () => {
    // Absent headers: the bucket's default encryption (the region key) and STANDARD apply.
    expect(refused({})).toBe(false);
    expect(refused({ "x-amz-storage-class": "STANDARD" })).toBe(false);
    expect(
      refused({ "x-amz-server-side-encryption": "aws:kms", "x-amz-server-side-encryption-aws-kms-key-id": KEY_REF }),
    ).toBe(false);
    expect(
      refused({
        "x-amz-server-side-encryption": "aws:kms",
        "x-amz-server-side-encryption-aws-kms-key-id": "arn:aws:kms:eu-west-1:555555555555:key/attacker",
      }),
    ).toBe(true);
    expect(refused({ "x-amz-server-side-encryption": "AES256" })).toBe(true);
    expect(refused({ "x-amz-server-side-encryption": "aws:kms:dsse" })).toBe(true);
    expect(refused({ "x-amz-server-side-encryption-customer-algorithm": "AES256" })).toBe(true);
    for (const storageClass of [
      "GLACIER",
      "DEEP_ARCHIVE",
      "STANDARD_IA",
      "ONEZONE_IA",
      "INTELLIGENT_TIERING",
      "GLACIER_IR",
    ]) {
      expect(refused({ "x-amz-storage-class": storageClass })).toBe(true);
    }
  });

  test("every cluster's Vector staging sink sends only what the rules accept", () => {
    for (const cluster of inventory.clusters) {
      const config = buildVectorConfig(inventory, cluster) as { sinks: Record<string, Record<string, unknown>> };
      const staging = Object.values(config.sinks).filter((sink) => sink["type"] === "aws_s3");
      expect(staging).toHaveLength(1);
      // Vector sends x-amz-storage-class from `storage_class` (default STANDARD) and SSE headers only when set.
      const sink = staging[0]!;
      expect(sink).not.toHaveProperty("server_side_encryption");
      expect(sink).not.toHaveProperty("ssekms_key_id");
      expect(refused({ "x-amz-storage-class": String(sink["storage_class"] ?? "STANDARD") })).toBe(false);
    }
  });

  test("the bucket policy is valid IAM policy JSON", () => {
    const document = policy();
    expect(Object.keys(document).sort()).toStrictEqual(["Statement", "Version"]);
    expect(document.Version).toBe("2012-10-17");
    const sids = document.Statement.map((s) => s.Sid);
    expect(new Set(sids).size).toBe(sids.length);
    for (const statement of document.Statement) {
      expect(statement.Sid).toMatch(/^[A-Za-z0-9]+$/);
      expect(["Allow", "Deny"]).toContain(statement.Effect);
      expect(statement.Principal).toBeDefined();
      for (const action of asArray(statement.Action)) expect(action).toMatch(/^s3:[A-Za-z*]+$/);
      for (const resource of asArray(statement.Resource)) expect(resource.startsWith(BUCKET_ARN)).toBe(true);
      for (const [operator, tests] of Object.entries(statement.Condition ?? {})) {
        expect(["ArnLike", "Bool", "Null", "StringEquals", "StringLike", "StringNotEquals"]).toContain(operator);
        for (const [key, value] of Object.entries(tests)) {
          expect(key).toMatch(/^(aws|s3):[A-Za-z-]+$/);
          expect(typeof value === "string" || Array.isArray(value)).toBe(true);
        }
      }
    }
  });
});

describe("notification path", () => {
  test("S3 notifies the topic of created .json.gz objects only", () => {
    expect(synth.only(EU, "aws_s3_bucket_notification")["topic"]).toStrictEqual([
      {
        topic_arn: "${aws_sns_topic.staged-objects-topic.arn}",
        events: ["s3:ObjectCreated:*"],
        filter_suffix: ".json.gz",
      },
    ]);
  });

  test("the topic is encrypted and accepts publishes only from this account's staging bucket", () => {
    const topics = synth.resources(EU, "aws_sns_topic");
    expect(topics["staged-objects-topic"]?.["kms_master_key_id"]).toBe(KEY_REF);
    const statement = statementBySid(policyOf(synth.only(EU, "aws_sns_topic_policy")), "StagingBucketPublishes");
    expect(statement).toMatchObject({
      Principal: { Service: "s3.amazonaws.com" },
      Action: "sns:Publish",
      Resource: TOPIC_ARN,
    });
    expect(statement.Condition).toStrictEqual({
      StringEquals: { "aws:SourceAccount": ACCOUNT },
      ArnLike: { "aws:SourceArn": BUCKET_ARN },
    });
  });

  const LANES = [
    { cluster: "eks-eu-1", queue: "lh-prod-processor-eks-eu-1-queue", dlq: "lh-prod-processor-eks-eu-1-dlq" },
    { cluster: "rosa-eu-2", queue: "lh-prod-processor-rosa-eu-2-queue", dlq: "lh-prod-processor-rosa-eu-2-dlq" },
  ];
  const queueArn = (name: string): string => `arn:aws:sqs:eu-west-1:111111111111:${name}`;

  test("each cluster of the region has its own queue and DLQ (its lane) in a lane stack, and no other queue exists", () => {
    expect(synth.resources(EU, "aws_sqs_queue")).toStrictEqual({});
    const queues = laneResources(synth, "eu-west-1", "aws_sqs_queue");
    expect(
      Object.values(queues)
        .map((q) => q["name"])
        .sort(),
    ).toStrictEqual(LANES.flatMap((l) => [l.queue, l.dlq]).sort());
    expect(
      Object.values(laneResources(synth, "us-east-1", "aws_sqs_queue"))
        .map((q) => q["name"])
        .sort(),
    ).toStrictEqual(["lh-prod-processor-eks-us-1-dlq", "lh-prod-processor-eks-us-1-queue"]);
  });

  test.each(LANES)(
    "$cluster: its queue is encrypted, accepts only the topic, and receives only its own keys' events",
    (lane) => {
      const queue = laneResources(synth, "eu-west-1", "aws_sqs_queue")[`processor-queue-${lane.cluster}`] ?? {};
      expect(queue["kms_master_key_id"]).toBe(LANE_KEY_REF);
      const statement = statementBySid(
        policyOf(
          laneResources(synth, "eu-west-1", "aws_sqs_queue_policy")[`processor-queue-policy-${lane.cluster}`] ?? {},
        ),
        "StagedObjectsTopicDelivers",
      );
      expect(statement).toMatchObject({
        Principal: { Service: "sns.amazonaws.com" },
        Action: "sqs:SendMessage",
        Resource: queueArn(lane.queue),
      });
      expect(statement.Condition).toStrictEqual({ ArnEquals: { "aws:SourceArn": TOPIC_ARN } });
      const subscription =
        laneResources(synth, "eu-west-1", "aws_sns_topic_subscription")[
          `processor-queue-subscription-${lane.cluster}`
        ] ?? {};
      expect(subscription).toMatchObject({
        topic_arn: TOPIC_ARN,
        protocol: "sqs",
        endpoint: `\${aws_sqs_queue.processor-queue-${lane.cluster}.arn}`,
        raw_message_delivery: true,
        filter_policy_scope: "MessageBody",
      });
      expect(JSON.parse(subscription["filter_policy"] as string)).toStrictEqual({
        Records: { s3: { object: { key: [{ prefix: `${lane.cluster}/` }, { prefix: `${lane.cluster}%2F` }] } } },
      });
    },
  );

  test.each(LANES)(
    "$cluster: its queue redrives to its own DLQ after maxReceiveCount, with visibility ≥ 6 × the timeout",
    (lane) => {
      const queues = laneResources(synth, "eu-west-1", "aws_sqs_queue");
      const queue = queues[`processor-queue-${lane.cluster}`] ?? {};
      const dlq = queues[`processor-dlq-${lane.cluster}`] ?? {};
      expect(JSON.parse(queue["redrive_policy"] as string)).toStrictEqual({
        deadLetterTargetArn: queueArn(lane.dlq),
        maxReceiveCount: 5,
      });
      expect(dlq["kms_master_key_id"]).toBe(LANE_KEY_REF);
      expect(JSON.parse(dlq["redrive_allow_policy"] as string)).toStrictEqual({
        redrivePermission: "byQueue",
        sourceQueueArns: [queueArn(lane.queue)],
      });
      expect(dlq["message_retention_seconds"] as number).toBeGreaterThan(queue["message_retention_seconds"] as number);
      const fn = synth.only(EU, "aws_lambda_function");
      expect(queue["visibility_timeout_seconds"] as number).toBeGreaterThanOrEqual(6 * (fn["timeout"] as number));
    },
  );
});

describe("tables", () => {
  test("the tenant table is keyed tenantId/deliveryId, with PITR and encryption", () => {
    expect(synth.resources(EU, "aws_dynamodb_table")["tenant-table"]).toMatchObject({
      name: "lh-prod-tenants",
      hash_key: "tenantId",
      range_key: "deliveryId",
      point_in_time_recovery: { enabled: true },
      server_side_encryption: { enabled: true },
    });
  });

  test("every region's tenant table holds every delivery item, in one shard item of a small estate", () => {
    for (const stack of [EU, US]) {
      const items = Object.values(synth.resources(stack, "aws_dynamodb_table_item"));
      expect(items.map((item) => JSON.parse(item["item"] as string).tenantId)).toStrictEqual([
        { S: "loghop:shards:1:0" },
      ]);
      expect(items.map((item) => JSON.parse(item["item"] as string).deliveryId)).toStrictEqual([{ S: "config" }]);
      expect(writtenShards(synth, stack).deliveries).toStrictEqual(ITEMS);
      expect(items.every((item) => item["table_name"] === "${aws_dynamodb_table.tenant-table.name}")).toBe(true);
    }
  });

  test("the checkpoint table is keyed objectId/deliveryId, expires items by expiresAt, with PITR", () => {
    expect(synth.resources(EU, "aws_dynamodb_table")["checkpoint-table"]).toMatchObject({
      name: "lh-prod-checkpoints",
      hash_key: "objectId",
      range_key: "deliveryId",
      ttl: { attribute_name: "expiresAt", enabled: true },
      point_in_time_recovery: { enabled: true },
      server_side_encryption: { enabled: true },
    });
  });
});

describe("processor function", () => {
  test("runs the bundle on nodejs22.x arm64 with the inventory's memory and timeout and the given environment", () => {
    const fn = synth.only(EU, "aws_lambda_function");
    expect(fn).toMatchObject({
      function_name: "lh-prod-processor",
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: "index.handler",
      memory_size: 1769,
      timeout: 300,
      environment: { variables: ENVIRONMENT },
    });
    expect(fn).not.toHaveProperty("reserved_concurrent_executions");
    const archive = fn["filename"] as string;
    expect(archive).toMatch(/^assets\/processor-bundle\/[0-9A-F]+\/archive\.zip$/);
    expect(existsSync(join(synth.outdir, "stacks", EU, archive))).toBe(true);
  });

  test("its source_code_hash follows the bundle's content, not the zip's file times", () => {
    const hash = synth.only(EU, "aws_lambda_function")["source_code_hash"];
    expect(hash).toBe(bundleContentHash(bundle.dir));
    const copy = fakeProcessorBundle();
    utimesSync(join(copy.dir, "index.js"), new Date(0), new Date(0));
    expect(bundleContentHash(copy.dir)).toBe(hash);
    writeFileSync(join(copy.dir, "index.js"), "exports.handler = async () => ({ batchItemFailures: [1] });\n");
    expect(bundleContentHash(copy.dir)).not.toBe(hash);
    copy.cleanup();
  });

  test("logs to its own log group with the inventory's retention", () => {
    expect(synth.only(EU, "aws_cloudwatch_log_group")).toMatchObject({
      name: "/aws/lambda/lh-prod-processor",
      retention_in_days: 30,
    });
    expect(synth.only(EU, "aws_lambda_function")["logging_config"]).toMatchObject({
      log_group: "${aws_cloudwatch_log_group.processor-log-group.name}",
    });
  });

  test("is fed by one mapping per lane (in the lane stacks), each with partial batch failures, batch size/window and its own maximum concurrency", () => {
    expect(synth.resources(EU, "aws_lambda_event_source_mapping")).toStrictEqual({});
    const mappings = Object.values(laneResources(synth, "eu-west-1", "aws_lambda_event_source_mapping"));
    expect(mappings.map((m) => m["event_source_arn"]).sort()).toStrictEqual([
      "${aws_sqs_queue.processor-queue-eks-eu-1.arn}",
      "${aws_sqs_queue.processor-queue-rosa-eu-2.arn}",
    ]);
    for (const mapping of mappings) {
      expect(mapping).toMatchObject({
        function_name: "arn:aws:lambda:eu-west-1:111111111111:function:lh-prod-processor",
        function_response_types: ["ReportBatchItemFailures"],
        batch_size: 10,
        maximum_batching_window_in_seconds: 5,
        scaling_config: { maximum_concurrency: 20 },
      });
    }
  });
});

test("an environment larger than Lambda's 4 KB fails synth, naming the largest variables", () => {
  const processorEnvironment = { LOGHOP_SMALL: "x", LOGHOP_HUGE: "v".repeat(4_100) };
  const build = () =>
    new RegionStack(new App({ outdir: synth.outdir }), {
      inventory,
      region: "eu-west-1",
      processorBundleDir: bundle.dir,
      tenantShards: shardTenantItems([]),
      processorEnvironment,
    });
  expect(build).toThrow(StackError);
  expect(build).toThrow(
    /region-eu-west-1: the processor environment is 4\d{3} bytes, more than Lambda's 4096; largest: LOGHOP_HUGE/,
  );
});

test("a missing processor bundle fails synth with the command that builds it", () => {
  const build = () =>
    new RegionStack(new App({ outdir: synth.outdir }), {
      inventory,
      region: "eu-west-1",
      processorBundleDir: join(bundle.dir, "not-built"),
      tenantShards: shardTenantItems([]),
      processorEnvironment: {},
    });
  expect(build).toThrow(
    /region-eu-west-1: no processor bundle in .*not-built \(index.js missing\): run `npm run build:processor`/,
  );
});

describe("execution role", () => {
  const policy = () => policyOf(synth.only(EU, "aws_iam_role_policy"));

  test("is assumable by Lambda only", () => {
    const role = synth.only(EU, "aws_iam_role");
    expect(role["name"]).toBe("lh-prod-processor-eu-west-1");
    expect(policyOf(role, "assume_role_policy").Statement).toStrictEqual([
      { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
    ]);
  });

  test("never uses a wildcard action or resource", () => {
    for (const statement of policy().Statement) {
      expect(asArray(statement.Action).some((action) => action.endsWith("*"))).toBe(false);
      expect(asArray(statement.Resource)).not.toContain("*");
    }
  });

  test("reads staged objects with GetObject only, in the staging bucket only", () => {
    const statement = statementBySid(policy(), "ReadStagedObjects");
    expect([statement.Action, statement.Resource]).toStrictEqual(["s3:GetObject", `${BUCKET_ARN}/*`]);
    const s3Actions = policy()
      .Statement.flatMap((s) => asArray(s.Action))
      .filter((a) => a.startsWith("s3:"));
    expect(s3Actions).toStrictEqual(["s3:GetObject"]);
  });

  test("only reads the tenant table and reads/writes the checkpoint table", () => {
    const tenant = statementBySid(policy(), "ReadTenantConfiguration");
    expect(tenant.Resource).toBe("arn:aws:dynamodb:eu-west-1:111111111111:table/lh-prod-tenants");
    expect(asArray(tenant.Action).filter((a) => /Put|Update|Delete|Write/.test(a))).toStrictEqual([]);
    const checkpoints = statementBySid(policy(), "ReadWriteCheckpoints");
    expect(checkpoints.Resource).toBe("arn:aws:dynamodb:eu-west-1:111111111111:table/lh-prod-checkpoints");
    expect(checkpoints.Action).toStrictEqual(["dynamodb:GetItem", "dynamodb:UpdateItem"]);
    // One GetItem per shard read (processor/tenant-config/tenant-table.ts): no Query, no Scan.
    expect(tenant.Action).toBe("dynamodb:GetItem");
  });

  test("consumes its region's lane queues only: never a DLQ, another region's or another account's queue", () => {
    const statement = statementBySid(policy(), "ConsumeProcessorQueues");
    expect(statement.Resource).toBe("arn:aws:sqs:eu-west-1:111111111111:lh-prod-processor-*-queue");
    expect(statement.Action).toEqual(expect.arrayContaining(["sqs:ReceiveMessage", "sqs:DeleteMessage"]));
    const receive = (queueArn: string) =>
      evaluate(policy() as never, { action: "sqs:ReceiveMessage", resource: queueArn });
    for (const lane of ["eks-eu-1", "rosa-eu-2"]) {
      expect(receive(`arn:aws:sqs:eu-west-1:111111111111:lh-prod-processor-${lane}-queue`)).toBe("allow");
      expect(receive(`arn:aws:sqs:eu-west-1:111111111111:lh-prod-processor-${lane}-dlq`)).toBe("implicit-deny");
      expect(receive(`arn:aws:sqs:us-east-1:111111111111:lh-prod-processor-${lane}-queue`)).toBe("implicit-deny");
      expect(receive(`arn:aws:sqs:eu-west-1:555555555555:lh-prod-processor-${lane}-queue`)).toBe("implicit-deny");
    }
    expect(receive("arn:aws:sqs:eu-west-1:111111111111:lh-prod-staged-objects-queue")).toBe("implicit-deny");
  });

  test("may assume the central role and nothing else", () => {
    const assumes = policy().Statement.filter((s) => asArray(s.Action).some((a) => a.startsWith("sts:")));
    expect(assumes.map((s) => [s.Action, s.Resource])).toStrictEqual([
      ["sts:AssumeRole", "arn:aws:iam::111111111111:role/lh-prod-central-distribution"],
    ]);
  });

  test("decrypts with the pipeline key only via S3 and SQS", () => {
    const kms = policy().Statement.filter((s) => asArray(s.Action).some((a) => a.startsWith("kms:")));
    expect(kms).toStrictEqual([
      {
        Sid: "DecryptStagedObjectsAndMessages",
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: KEY_REF,
        Condition: {
          StringEquals: { "kms:ViaService": ["s3.eu-west-1.amazonaws.com", "sqs.eu-west-1.amazonaws.com"] },
        },
      },
    ]);
  });

  test("writes only its own log group", () => {
    const statement = statementBySid(policy(), "WriteOwnLogsAndMetrics");
    expect(statement.Resource).toBe("arn:aws:logs:eu-west-1:111111111111:log-group:/aws/lambda/lh-prod-processor:*");
    expect(statement.Action).toStrictEqual(["logs:CreateLogStream", "logs:PutLogEvents"]);
  });
});

describe("alarms", () => {
  test("alarm on DLQ not empty, oldest message age and heartbeat per lane (lane stacks), Lambda errors and throttles, loghop's own EMF metrics (region stack), to the alarm topic", () => {
    const summarize = (alarms: Record<string, unknown>[]) =>
      alarms
        .map((a) => [
          a["alarm_name"],
          a["namespace"],
          a["metric_name"],
          a["dimensions"],
          a["threshold"],
          a["alarm_actions"],
        ])
        .sort();
    const topic = ["${aws_sns_topic.alarm-topic.arn}"];
    const laneTopic = ["arn:aws:sns:eu-west-1:111111111111:lh-prod-alarms"];
    const perLane = ["eks-eu-1", "rosa-eu-2"].flatMap((cluster) => [
      [
        `lh-prod-${cluster}-dlq-not-empty`,
        "AWS/SQS",
        "ApproximateNumberOfMessagesVisible",
        { QueueName: `lh-prod-processor-${cluster}-dlq` },
        0,
        laneTopic,
      ],
      [
        `lh-prod-${cluster}-queue-oldest-message-age`,
        "AWS/SQS",
        "ApproximateAgeOfOldestMessage",
        { QueueName: `lh-prod-processor-${cluster}-queue` },
        900,
        laneTopic,
      ],
      [
        `lh-prod-${cluster}-heartbeat-missing`,
        "Loghop/lh-prod",
        "AgentHeartbeat",
        { service: "loghop-processor", cluster },
        1,
        laneTopic,
      ],
    ]);
    const regionWide = [
      ["lh-prod-events-rejected", "Loghop/lh-prod", "EventsRejected", { service: "loghop-processor" }, 0, topic],
      ["lh-prod-object-lag-p99", "Loghop/lh-prod", "ObjectLag", { service: "loghop-processor" }, 600, topic],
      [
        "lh-prod-objects-failed-permanent",
        "Loghop/lh-prod",
        "ObjectsFailedPermanent",
        { service: "loghop-processor" },
        0,
        topic,
      ],
      ["lh-prod-objects-over-limit", "Loghop/lh-prod", "ObjectsOverLimit", { service: "loghop-processor" }, 0, topic],
      ["lh-prod-objects-refused", "Loghop/lh-prod", "ObjectsRefused", { service: "loghop-processor" }, 0, topic],
      ["lh-prod-objects-corrupt", "Loghop/lh-prod", "ObjectsCorrupt", { service: "loghop-processor" }, 0, topic],
      ["lh-prod-processor-errors", "AWS/Lambda", "Errors", { FunctionName: "lh-prod-processor" }, 0, topic],
      ["lh-prod-processor-throttles", "AWS/Lambda", "Throttles", { FunctionName: "lh-prod-processor" }, 0, topic],
    ];
    expect(summarize(Object.values(synth.resources(EU, "aws_cloudwatch_metric_alarm")))).toStrictEqual(
      regionWide.sort(),
    );
    expect(summarize(Object.values(laneResources(synth, "eu-west-1", "aws_cloudwatch_metric_alarm")))).toStrictEqual(
      perLane.sort(),
    );
  });

  test("the EMF count alarms read exactly the namespace, names and dimension the processor emits, summed per 5 minutes", () => {
    const alarms = Object.values(synth.resources(EU, "aws_cloudwatch_metric_alarm")).filter(
      (a) =>
        a["namespace"] === processorMetricsNamespace(inventory.prefix) &&
        a["statistic"] === "Sum" &&
        a["period"] === 300,
    );
    expect(alarms.map((a) => a["metric_name"]).sort()).toStrictEqual(
      [
        METRIC.eventsRejected,
        METRIC.objectsCorrupt,
        METRIC.objectsFailedPermanent,
        METRIC.objectsOverLimit,
        METRIC.objectsRefused,
      ].sort(),
    );
    for (const alarm of alarms) {
      // A metric alarm sees one exact dimension set: the {service} series every processor metric carries.
      expect(alarm).toMatchObject({
        dimensions: { service: PROCESSOR_METRICS_SERVICE },
        statistic: "Sum",
        period: 300,
        evaluation_periods: 1,
        comparison_operator: "GreaterThanThreshold",
        threshold: 0,
        treat_missing_data: "notBreaching",
      });
    }
  });

  test("the alarm topic is encrypted, CloudWatch may use the key for it, and the inventory's e-mails subscribe", () => {
    expect(synth.resources(EU, "aws_sns_topic")["alarm-topic"]).toMatchObject({
      name: "lh-prod-alarms",
      kms_master_key_id: KEY_REF,
    });
    const statement = statementBySid(policyOf(synth.only(EU, "aws_kms_key")), "CloudWatchPublishesAlarms");
    expect(statement.Condition).toStrictEqual({
      StringEquals: { "aws:SourceAccount": ACCOUNT },
      ArnLike: { "aws:SourceArn": "arn:aws:cloudwatch:eu-west-1:111111111111:alarm:lh-prod-*" },
    });
    const emails = Object.values(synth.resources(EU, "aws_sns_topic_subscription")).filter(
      (s) => s["protocol"] === "email",
    );
    expect(emails.map((s) => s["endpoint"])).toStrictEqual(["platform-oncall@example.com"]);
  });
});
