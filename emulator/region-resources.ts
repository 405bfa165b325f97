/**
 * What the stacks create for one region, created in the emulator: the staging
 * bucket with its S3 → SNS → SQS notification, one queue and its DLQ (the
 * stacks give each cluster its own queue, fed by a payload filter on its
 * prefix; here one unfiltered queue carries every cluster, so a single worker
 * sees the whole region — the lanes themselves are exercised by
 * test/processor/emulator-lanes.test.ts with the stack's own filters), the
 * tenant and checkpoint tables with the generated tenant shard items, the central
 * and processor roles, and in each tenant's own account its delivery role,
 * its fixed log groups and its S3 destination buckets. Every name, ARN, key
 * schema and item comes from the builders the stacks use (inventory/names.ts,
 * the region stack's constants, generators/processor-config), and the Vector
 * role of each cluster shipping to the region, in the cluster's account. Left out: KMS
 * keys (moto does not enforce key policies) and policies other than the
 * roles' trust policies (moto does not evaluate IAM).
 */
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  PutRetentionPolicyCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { CreateRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import {
  CreateBucketCommand,
  PutBucketNotificationConfigurationCommand,
  S3Client,
  type BucketLocationConstraint,
} from "@aws-sdk/client-s3";
import { CreateTopicCommand, SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import { CreateQueueCommand, SQSClient } from "@aws-sdk/client-sqs";
import { buildProcessorEnvironment, buildTenantDeliveryItems, buildTenantShards } from "../generators";
import type { TenantShardLayout } from "../generators/processor-config/tenant-shards";
import { centralNames, customerRoleName, regionalResourceArns, roleArn, vectorRoleName } from "../inventory/names";
import type { ResolvedInventory, ResolvedTenant } from "../inventory/resolved";
import type { TenantDeliveryItem } from "../processor/tenant-config/types";
import { centralTrustPolicy } from "../stacks/central/central-principals";
import { vectorTrustPolicy } from "../stacks/cluster/cluster-policies";
import { policyJson, roleTrustPolicy, serviceTrustPolicy } from "../stacks/common/policy-documents";
import {
  DEAD_LETTER_RETENTION_SECONDS,
  QUEUE_RETENTION_SECONDS,
  STAGED_OBJECT_SUFFIX,
  VISIBILITY_TIMEOUT_FACTOR,
} from "../stacks/region/notifications";
import { regionNames, type RegionNames } from "../stacks/region/region-names";
import { CHECKPOINT_TABLE_KEYS, TENANT_TABLE_KEYS } from "../stacks/region/tables";
import type { EmulatorAccounts, EmulatorCredentials } from "./accounts";

export interface RegionResources {
  readonly names: RegionNames;
  readonly queueUrl: string;
  readonly deadLetterQueueUrl: string;
  /** Every tenant delivery (as in every region), written to the tenant table as `tenantShards`. */
  readonly tenantItems: readonly TenantDeliveryItem[];
  readonly tenantShards: TenantShardLayout;
  /** The processor's role credentials: what the Lambda would run as. */
  readonly processorCredentials: EmulatorCredentials;
  /**
   * The processor's environment: the region stack's Lambda environment, plus
   * AWS_REGION, AWS_ENDPOINT_URL and the processor role's credentials.
   */
  readonly processorEnvironment: Readonly<Record<string, string>>;
}

/** CreateBucket outside us-east-1 needs the region as its location constraint. */
function bucketLocation(region: string): {
  CreateBucketConfiguration?: { LocationConstraint: BucketLocationConstraint };
} {
  return region === "us-east-1"
    ? {}
    : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } };
}

async function createCentralRoles(accounts: EmulatorAccounts, inv: ResolvedInventory, names: RegionNames) {
  const iam = new IAMClient(await accounts.config(names.accountId, names.region));
  await iam.send(
    new CreateRoleCommand({
      RoleName: names.processorRole,
      Path: names.processorRolePath,
      AssumeRolePolicyDocument: policyJson(serviceTrustPolicy("lambda.amazonaws.com")),
    }),
  );
  await iam.send(
    new CreateRoleCommand({
      RoleName: centralNames.centralRole(inv.prefix),
      AssumeRolePolicyDocument: policyJson(centralTrustPolicy(inv)),
    }),
  );
}

async function createStagingPath(accounts: EmulatorAccounts, inv: ResolvedInventory, names: RegionNames) {
  const config = await accounts.config(names.accountId, names.region);
  await new S3Client(config).send(new CreateBucketCommand({ Bucket: names.bucket, ...bucketLocation(names.region) }));
  const sns = new SNSClient(config);
  const { TopicArn: topicArn } = await sns.send(new CreateTopicCommand({ Name: names.topic }));
  if (topicArn !== names.topicArn) throw new Error(`the emulator named the topic ${topicArn}, not ${names.topicArn}`);
  const sqs = new SQSClient(config);
  const queue = `${names.functionName}-emulator-queue`;
  const deadLetterQueue = `${names.functionName}-emulator-dlq`;
  const { QueueUrl: deadLetterQueueUrl } = await sqs.send(
    new CreateQueueCommand({
      QueueName: deadLetterQueue,
      Attributes: { MessageRetentionPeriod: String(DEAD_LETTER_RETENTION_SECONDS) },
    }),
  );
  const { QueueUrl: queueUrl } = await sqs.send(
    new CreateQueueCommand({
      QueueName: queue,
      Attributes: {
        MessageRetentionPeriod: String(QUEUE_RETENTION_SECONDS),
        VisibilityTimeout: String(VISIBILITY_TIMEOUT_FACTOR * inv.central.processor.timeoutSeconds),
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: regionalResourceArns.queue(names.region, names.accountId, deadLetterQueue),
          maxReceiveCount: inv.central.processor.maxReceiveCount,
        }),
      },
    }),
  );
  await sns.send(
    new SubscribeCommand({
      TopicArn: names.topicArn,
      Protocol: "sqs",
      Endpoint: regionalResourceArns.queue(names.region, names.accountId, queue),
      Attributes: { RawMessageDelivery: "true" },
    }),
  );
  await new S3Client(config).send(
    new PutBucketNotificationConfigurationCommand({
      Bucket: names.bucket,
      NotificationConfiguration: {
        TopicConfigurations: [
          {
            TopicArn: names.topicArn,
            Events: ["s3:ObjectCreated:*"],
            Filter: { Key: { FilterRules: [{ Name: "suffix", Value: STAGED_OBJECT_SUFFIX }] } },
          },
        ],
      },
    }),
  );
  if (queueUrl === undefined || deadLetterQueueUrl === undefined) throw new Error("the emulator returned no queue URL");
  return { queueUrl, deadLetterQueueUrl };
}

async function createTables(accounts: EmulatorAccounts, names: RegionNames, layout: TenantShardLayout): Promise<void> {
  const dynamodb = new DynamoDBClient(await accounts.config(names.accountId, names.region));
  for (const [table, keys] of [
    [names.tenantTable, TENANT_TABLE_KEYS],
    [names.checkpointTable, CHECKPOINT_TABLE_KEYS],
  ] as const) {
    await dynamodb.send(
      new CreateTableCommand({
        TableName: table,
        BillingMode: "PAY_PER_REQUEST",
        KeySchema: [
          { AttributeName: keys.partition, KeyType: "HASH" },
          { AttributeName: keys.sort, KeyType: "RANGE" },
        ],
        AttributeDefinitions: [
          { AttributeName: keys.partition, AttributeType: "S" },
          { AttributeName: keys.sort, AttributeType: "S" },
        ],
      }),
    );
  }
  await putTenantShards(dynamodb, names.tenantTable, layout);
}

/** Writes a layout's shard items: the same items as the region stack's DynamodbTableItem resources. */
export async function putTenantShards(
  dynamodb: DynamoDBClient,
  tableName: string,
  layout: TenantShardLayout,
): Promise<void> {
  for (const shard of layout.shards)
    await dynamodb.send(new PutItemCommand({ TableName: tableName, Item: shard.item }));
}

/** What the tenant's customer stack creates (role, fixed log groups), and the S3 buckets the tenant owns already. */
async function createTenantAccount(accounts: EmulatorAccounts, inv: ResolvedInventory, tenant: ResolvedTenant) {
  const centralRoleArn = roleArn(inv.central.accountId, centralNames.centralRole(inv.prefix));
  const home = tenant.deliveries[0]?.region ?? inv.central.regions[0]!;
  await new IAMClient(await accounts.config(tenant.accountId, home)).send(
    new CreateRoleCommand({
      RoleName: customerRoleName(inv.prefix, tenant.id),
      AssumeRolePolicyDocument: policyJson(
        roleTrustPolicy([centralRoleArn], [tenant.externalId, ...tenant.acceptedExternalIds]),
      ),
    }),
  );
  for (const delivery of tenant.deliveries) {
    const config = await accounts.config(tenant.accountId, delivery.region);
    if (delivery.type === "s3") {
      await new S3Client(config).send(
        new CreateBucketCommand({ Bucket: delivery.bucket, ...bucketLocation(delivery.region) }),
      );
    } else if (delivery.logGroupName !== undefined) {
      const logs = new CloudWatchLogsClient(config);
      await logs.send(
        new CreateLogGroupCommand({
          logGroupName: delivery.logGroupName,
          ...(delivery.kmsKeyArn !== undefined ? { kmsKeyId: delivery.kmsKeyArn } : {}),
        }),
      );
      await logs.send(
        new PutRetentionPolicyCommand({ logGroupName: delivery.logGroupName, retentionInDays: delivery.retentionDays }),
      );
    }
  }
}

/** The cluster stack's IRSA role of each cluster shipping to the region: what its agent writes as. */
async function createVectorRoles(accounts: EmulatorAccounts, inv: ResolvedInventory, region: string) {
  for (const cluster of inv.clusters.filter((c) => c.region === region)) {
    await new IAMClient(await accounts.config(cluster.accountId, region)).send(
      new CreateRoleCommand({
        RoleName: vectorRoleName(inv.prefix, cluster.id),
        AssumeRolePolicyDocument: policyJson(vectorTrustPolicy(cluster)),
      }),
    );
  }
}

/**
 * `createRegionResources(accounts, inventory, region)`: creates the region's
 * pipeline and every tenant's account side in the emulator, and returns the
 * queue URLs and the processor's identity and environment.
 */
export async function createRegionResources(
  accounts: EmulatorAccounts,
  inv: ResolvedInventory,
  region: string,
): Promise<RegionResources> {
  const names = regionNames(inv, region);
  const tenantItems = buildTenantDeliveryItems(inv);
  const tenantShards = buildTenantShards(inv);
  await createCentralRoles(accounts, inv, names);
  const queues = await createStagingPath(accounts, inv, names);
  await createTables(accounts, names, tenantShards);
  for (const tenant of inv.tenants) await createTenantAccount(accounts, inv, tenant);
  await createVectorRoles(accounts, inv, region);
  const processorCredentials = await accounts.assume(names.processorRoleArn, names.functionName);
  return {
    names,
    ...queues,
    tenantItems,
    tenantShards,
    processorCredentials,
    processorEnvironment: {
      ...buildProcessorEnvironment(inv, region),
      AWS_REGION: region,
      AWS_ENDPOINT_URL: accounts.endpoint,
      AWS_ACCESS_KEY_ID: processorCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: processorCredentials.secretAccessKey,
      ...(processorCredentials.sessionToken !== undefined
        ? { AWS_SESSION_TOKEN: processorCredentials.sessionToken }
        : {}),
    },
  };
}
