/**
 * `lanes-<region>-<group>`: the per-cluster resources of one lane group of a region (lane-groups.ts)
 * — for each cluster its access point on the staging bucket and, in shapes with queues, its queue and DLQ, queue policy, filtered subscription to the region's topic,
 * the event source mapping to the region's Lambda (shape `lambda`), its alarms and, with
 * `processorWorker`, the worker's IRSA role. Split out of `region-<region>` so that no stack grows
 * with the number of clusters (Terraform plan/apply time and state size).
 *
 * Same trust domain as its region stack: the central account, the region's deploy role
 * (`central.regionDeployRoleArns`). Everything of the region it uses is named at synth time
 * (region-names.ts), never read from the region's state; the region key's ARN, unknown until the
 * region is applied, is read from its alias. The app deploys it after its region stack.
 */
import { DataAwsKmsAlias } from "@cdktf/provider-aws/lib/data-aws-kms-alias";
import { TerraformOutput } from "cdktf";
import { LoghopStack } from "../common/loghop-stack";
import type { Construct } from "constructs";
import { regionParts } from "../../inventory/processor-mode";
import type { ResolvedInventory } from "../../inventory/resolved";
import { configureBackend } from "../common/backend";
import { awsProvider, deploySessionName, stackDeployRoleArn } from "../common/providers";
import { defaultTags } from "../common/tags";
import { laneAlarmSpecs } from "../region/alarm-specs";
import { metricAlarm } from "../region/alarms";
import { laneQueues } from "../region/notifications";
import { laneEventSourceMapping } from "../region/processor-function";
import { processorWorkerRole } from "../region/processor-worker-roles";
import { regionNames } from "../region/region-names";
import { clusterAccessPoint } from "./cluster-access-point";
import type { LaneGroup } from "./lane-groups";

export interface LaneStackProps {
  readonly inventory: ResolvedInventory;
  readonly group: LaneGroup;
}

export class LaneStack extends LoghopStack {
  constructor(scope: Construct, props: LaneStackProps) {
    const { inventory, group } = props;
    const name = group.stackName;
    super(scope, name);
    const central = inventory.central;
    configureBackend(this, inventory, name);
    awsProvider(this, "aws", {
      region: group.region,
      // The region's trust domain: its deploy role (rule cloud-deploy-role-per-stack lets them share it).
      deployRoleArn: stackDeployRoleArn(inventory, central.regionDeployRoleArns[group.region]),
      allowedAccountIds: [central.accountId],
      sessionName: deploySessionName(name),
      tags: defaultTags(inventory, { Region: group.region }),
    });

    const names = regionNames(inventory, group.region);
    const parts = regionParts(central.processor.mode);
    const accessPointArns: Record<string, string> = {};
    for (const cluster of group.clusters) {
      accessPointArns[cluster.id] = clusterAccessPoint(this, inventory, cluster, names.bucket).arn;
    }
    new TerraformOutput(this, "access_point_arns", {
      value: accessPointArns,
      description: "Cluster id → its access point on the staging bucket: the `bucket` of its Vector sink.",
    });
    if (!parts.queues) return;

    const key = new DataAwsKmsAlias(this, "pipeline-key", { name: names.kmsAlias });
    const members = new Set(group.clusters.map((cluster) => cluster.id));
    const lanes = names.lanes.filter((lane) => members.has(lane.clusterId));
    const queueUrls: Record<string, string> = {};
    for (const lane of lanes) {
      const cluster = group.clusters.find((c) => c.id === lane.clusterId);
      if (cluster === undefined) continue;
      const { queue } = laneQueues(
        this,
        {
          names,
          kmsKeyId: key.targetKeyArn,
          functionTimeoutSeconds: central.processor.timeoutSeconds,
          maxReceiveCount: central.processor.maxReceiveCount,
        },
        lane,
      );
      queueUrls[lane.clusterId] = queue.url;
      if (parts.lambda) {
        laneEventSourceMapping(this, {
          names,
          settings: central.processor,
          clusterId: lane.clusterId,
          queueArn: queue.arn,
        });
      }
      for (const spec of laneAlarmSpecs({ prefix: inventory.prefix, settings: central.alarms }, lane)) {
        metricAlarm(this, inventory.prefix, spec, names.alarmTopicArn);
      }
      processorWorkerRole(this, { inventory, names, kmsKeyArn: key.targetKeyArn, cluster });
    }
    new TerraformOutput(this, "processor_queue_urls", {
      value: queueUrls,
      description: "Cluster id → its queue: what a worker polls (`loghop process --mode sqs --queue-url`).",
    });
  }
}
