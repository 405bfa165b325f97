/** The table of semantic rules, in the order they are documented. */
import { agentPodRules } from "./agent-pod";
import { applicationRules } from "./applications";
import { awsLimitRules } from "./aws-limits";
import { budgetRules } from "./budgets";
import { cloudwatchRules } from "./cloudwatch";
import { collisionRules } from "./collisions";
import { coverageRules } from "./coverage";
import { deliveryRoleRules } from "./delivery-roles";
import { deployRoleRules } from "./deploy-roles";
import { identityRules } from "./identity";
import { monitoringRules } from "./monitoring";
import { processorRules } from "./processor";
import { referenceRules } from "./references";
import { s3Rules } from "./s3";
import { stateIsolationRules } from "./state-isolation";
import { tenantAttributionRules } from "./tenant-attribution";
import { terraformCloudRules } from "./terraform-cloud";
import type { InventoryRule } from "./types";
import { vectorRules } from "./vector";

export type { InventoryRule, InventoryWarning } from "./types";

export const INVENTORY_RULES: readonly InventoryRule[] = [
  ...identityRules,
  ...referenceRules,
  ...tenantAttributionRules,
  ...terraformCloudRules,
  ...stateIsolationRules,
  ...deployRoleRules,
  ...deliveryRoleRules,
  ...cloudwatchRules,
  ...s3Rules,
  ...budgetRules,
  ...collisionRules,
  ...applicationRules,
  ...processorRules,
  ...monitoringRules,
  ...vectorRules,
  ...agentPodRules,
  ...coverageRules,
  ...awsLimitRules,
];
