/** Every name and ARN of one region stack, computed once from the inventory (all known at synth time). */
import {
  bucketArn,
  centralNames,
  lambdaLogGroupName,
  processorRolePath,
  regionalResourceArns,
  roleArn,
  stagedObjectPrefix,
} from "../../inventory/names";
import type { ResolvedInventory } from "../../inventory/resolved";

/** One cluster's lane: its staged objects' events go to its own queue (and DLQ), consumed by its own mapping. */
export interface QueueLane {
  readonly clusterId: string;
  /** `<cluster-id>/`: the key prefix whose events this lane receives. */
  readonly keyPrefix: string;
  readonly queue: string;
  readonly queueArn: string;
  readonly deadLetterQueue: string;
  readonly deadLetterQueueArn: string;
}

export interface RegionNames {
  readonly region: string;
  readonly accountId: string;
  readonly bucket: string;
  readonly bucketArn: string;
  readonly topic: string;
  readonly topicArn: string;
  /** One per cluster shipping to this region, in inventory order. */
  readonly lanes: readonly QueueLane[];
  /** ARN pattern matching every lane's queue (and no DLQ): what the processor may consume. */
  readonly laneQueuePattern: string;
  readonly alarmTopic: string;
  readonly alarmTopicArn: string;
  readonly tenantTable: string;
  readonly tenantTableArn: string;
  readonly checkpointTable: string;
  readonly checkpointTableArn: string;
  readonly functionName: string;
  readonly functionLogGroup: string;
  readonly processorRole: string;
  readonly processorRoleArn: string;
  /** IAM path of the processor and worker roles (inventory/names `processorRolePath`). */
  readonly processorRolePath: string;
  readonly centralRoleArn: string;
  readonly kmsAlias: string;
}

export function regionNames(inventory: ResolvedInventory, region: string): RegionNames {
  const { prefix } = inventory;
  const accountId = inventory.central.accountId;
  const arns = regionalResourceArns;
  const bucket = centralNames.stagingBucket(prefix, accountId, region);
  const topic = centralNames.stagedObjectsTopic(prefix);
  const lanes = inventory.clusters
    .filter((cluster) => cluster.region === region)
    .map((cluster): QueueLane => {
      const queue = centralNames.clusterQueue(prefix, cluster.id);
      const deadLetterQueue = centralNames.clusterDeadLetterQueue(prefix, cluster.id);
      return {
        clusterId: cluster.id,
        keyPrefix: stagedObjectPrefix(cluster.id),
        queue,
        queueArn: arns.queue(region, accountId, queue),
        deadLetterQueue,
        deadLetterQueueArn: arns.queue(region, accountId, deadLetterQueue),
      };
    });
  const alarmTopic = centralNames.alarmTopic(prefix);
  const tenantTable = centralNames.tenantTable(prefix);
  const checkpointTable = centralNames.checkpointTable(prefix);
  const functionName = centralNames.processorFunction(prefix);
  const processorRole = centralNames.processorRole(prefix, region);
  return {
    region,
    accountId,
    bucket,
    bucketArn: bucketArn(bucket),
    topic,
    topicArn: arns.topic(region, accountId, topic),
    lanes,
    laneQueuePattern: arns.queue(region, accountId, centralNames.clusterQueue(prefix, "*")),
    alarmTopic,
    alarmTopicArn: arns.topic(region, accountId, alarmTopic),
    tenantTable,
    tenantTableArn: arns.table(region, accountId, tenantTable),
    checkpointTable,
    checkpointTableArn: arns.table(region, accountId, checkpointTable),
    functionName,
    functionLogGroup: lambdaLogGroupName(functionName),
    processorRole,
    processorRoleArn: roleArn(accountId, processorRole, processorRolePath(prefix)),
    processorRolePath: processorRolePath(prefix),
    centralRoleArn: roleArn(accountId, centralNames.centralRole(prefix)),
    kmsAlias: centralNames.kmsAlias(prefix),
  };
}
