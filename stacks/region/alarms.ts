/**
 * The region's alarm topic (encrypted) and its alarms. The region stack creates the topic and the
 * region-wide alarms; the lane stacks create each cluster's alarms with `metricAlarm`, naming the
 * topic by its synth-time ARN.
 */
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import type { Construct } from "constructs";
import { alarmName } from "../../inventory/names";
import { PERIOD_SECONDS, regionAlarmSpecs, type AlarmSpec, type AlarmsProps } from "./alarm-specs";

export function alarms(scope: Construct, props: AlarmsProps): SnsTopic {
  const topic = new SnsTopic(scope, "alarm-topic", { name: props.names.alarmTopic, kmsMasterKeyId: props.kmsKeyArn });
  props.settings.emails.forEach((email, index) => {
    // E-mail subscriptions stay pending until the recipient confirms the message AWS sends.
    new SnsTopicSubscription(scope, `alarm-email-${index + 1}`, {
      topicArn: topic.arn,
      protocol: "email",
      endpoint: email,
    });
  });
  for (const spec of regionAlarmSpecs(props)) metricAlarm(scope, props.prefix, spec, topic.arn);
  return topic;
}

/** One alarm of `spec`, notifying `alarmTopicArn` (a lane stack names the region's topic by its ARN). */
export function metricAlarm(
  scope: Construct,
  prefix: string,
  spec: AlarmSpec,
  alarmTopicArn: string,
): CloudwatchMetricAlarm {
  return new CloudwatchMetricAlarm(scope, `alarm-${spec.purpose}`, {
    alarmName: alarmName(prefix, spec.purpose),
    alarmDescription: spec.description,
    namespace: spec.namespace,
    metricName: spec.metricName,
    dimensions: spec.dimensions,
    ...(spec.statistic.startsWith("p") ? { extendedStatistic: spec.statistic } : { statistic: spec.statistic }),
    period: spec.periodSeconds ?? PERIOD_SECONDS,
    evaluationPeriods: spec.evaluationPeriods ?? 1,
    // Every period of the window must breach: a heartbeat in any minute clears it.
    datapointsToAlarm: spec.evaluationPeriods ?? 1,
    threshold: spec.threshold,
    comparisonOperator: spec.comparison,
    treatMissingData: spec.treatMissingData ?? "notBreaching",
    alarmActions: [alarmTopicArn],
    okActions: [alarmTopicArn],
  });
}
