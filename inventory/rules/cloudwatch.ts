/** Rules on CloudWatch Logs deliveries: which log group, its name, its KMS key. */
import type { InventoryProblem } from "../errors";
import type { CloudWatchDelivery, Inventory } from "../types";
import type { InventoryRule } from "./types";
import { LOG_GROUP_NAME_MAX, arnAccount, arnRegion, logGroupNameProblems } from "./aws-names";
import { type DeliveryAt, deliveriesOf } from "./walk";

/** Application names are Kubernetes label values: at most 63 characters (schema `appName`). */
const APPLICATION_NAME_MAX = 63;
/** Longest prefix that still leaves room for `/<application>` within CloudWatch's limit. */
const LOG_GROUP_PREFIX_MAX = LOG_GROUP_NAME_MAX - 1 - APPLICATION_NAME_MAX;

type CloudWatchAt = DeliveryAt & { readonly delivery: CloudWatchDelivery };

function cloudwatchDeliveries(inventory: Inventory): CloudWatchAt[] {
  return deliveriesOf(inventory).filter((entry): entry is CloudWatchAt => entry.delivery.type === "cloudwatch");
}

const logGroupTarget: InventoryRule = {
  id: "loghop:inventory:log-group-target",
  description:
    "A CloudWatch delivery names exactly one of logGroupName (one group) and logGroupPrefix (a group per application).",
  severity: "error",
  reads: [
    "/tenants/*/deliveries/*/type",
    "/tenants/*/deliveries/*/logGroupName",
    "/tenants/*/deliveries/*/logGroupPrefix",
  ],
  check: (inventory) =>
    cloudwatchDeliveries(inventory).flatMap(({ delivery, at }): InventoryProblem[] => {
      const hasName = delivery.logGroupName !== undefined;
      const hasPrefix = delivery.logGroupPrefix !== undefined;
      if (hasName !== hasPrefix) return [];
      const found = hasName ? "both logGroupName and logGroupPrefix" : "neither logGroupName nor logGroupPrefix";
      return [
        {
          path: at,
          message: `has ${found}; set exactly one (logGroupName: one group for every application; logGroupPrefix: one group per application)`,
        },
      ];
    }),
};

const logGroupNames: InventoryRule = {
  id: "loghop:inventory:log-group-names",
  description: `Log group names follow CloudWatch's rules; a logGroupPrefix leaves room for "/<application>" (at most ${LOG_GROUP_PREFIX_MAX} characters).`,
  severity: "error",
  reads: ["/tenants/*/deliveries/*/logGroupName", "/tenants/*/deliveries/*/logGroupPrefix"],
  check: (inventory) =>
    cloudwatchDeliveries(inventory).flatMap(({ delivery, at }) => {
      const problems: InventoryProblem[] = [];
      if (delivery.logGroupName !== undefined) {
        const name = delivery.logGroupName;
        for (const reason of logGroupNameProblems(name)) {
          problems.push({ path: `${at}/logGroupName`, message: `log group name ${reason}` });
        }
      }
      if (delivery.logGroupPrefix !== undefined) {
        const prefix = delivery.logGroupPrefix;
        const path = `${at}/logGroupPrefix`;
        for (const reason of logGroupNameProblems(prefix))
          problems.push({ path, message: `log group prefix ${reason}` });
        if (prefix.length > LOG_GROUP_PREFIX_MAX) {
          problems.push({
            path,
            message: `log group prefix is ${prefix.length} characters; at most ${LOG_GROUP_PREFIX_MAX} leaves room for "/<application>" (up to ${APPLICATION_NAME_MAX} characters) within CloudWatch's ${LOG_GROUP_NAME_MAX}`,
          });
        }
        if (prefix.endsWith("/")) {
          problems.push({ path, message: 'log group prefix must not end with "/" (loghop appends "/<application>")' });
        }
      }
      return problems;
    }),
};

/** CloudWatch Logs can only use a KMS key of the log group's own region. */
const kmsKeys: InventoryRule = {
  id: "loghop:inventory:kms-keys",
  description: "A delivery's kmsKeyArn is in the delivery's region and the tenant's account.",
  severity: "error",
  reads: ["/tenants/*/accountId", "/tenants/*/deliveries/*/region", "/tenants/*/deliveries/*/kmsKeyArn"],
  check: (inventory) =>
    cloudwatchDeliveries(inventory).flatMap(({ tenant, delivery, at }) => {
      const key = delivery.kmsKeyArn;
      if (key === undefined) return [];
      const problems: InventoryProblem[] = [];
      if (arnRegion(key) !== delivery.region) {
        problems.push({
          path: `${at}/kmsKeyArn`,
          message: `key is in region ${arnRegion(key)} but the delivery is in ${delivery.region}; CloudWatch Logs needs a key in the log group's region`,
        });
      }
      if (arnAccount(key) !== tenant.accountId) {
        problems.push({
          path: `${at}/kmsKeyArn`,
          message: `key is in account ${arnAccount(key)} but the tenant's accountId is ${tenant.accountId}; use a key in the tenant's account`,
        });
      }
      return problems;
    }),
};

export const cloudwatchRules: readonly InventoryRule[] = [logGroupTarget, logGroupNames, kmsKeys];
