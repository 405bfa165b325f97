/** Rules on S3 bucket names the user writes (delivery buckets, the state bucket). */
import type { InventoryProblem } from "../errors";
import { centralNames } from "../names";
import type { InventoryRule } from "./types";
import { bucketNameProblems } from "./aws-names";
import { deliveriesOf } from "./walk";

function bucketProblems(path: string, bucket: string): InventoryProblem[] {
  return bucketNameProblems(bucket).map((reason) => ({ path, message: `bucket name "${bucket}" ${reason}` }));
}

const bucketNames: InventoryRule = {
  id: "loghop:inventory:bucket-names",
  description: "S3 bucket names (deliveries, Terraform state) follow S3's naming rules.",
  severity: "error",
  reads: ["/tenants/*/deliveries/*/type", "/tenants/*/deliveries/*/bucket", "/central/backend"],
  check: (inventory) => {
    const deliveries = deliveriesOf(inventory).flatMap(({ delivery, at }) =>
      delivery.type === "s3" ? bucketProblems(`${at}/bucket`, delivery.bucket) : [],
    );
    const backend = inventory.central.backend;
    const state = backend?.type === "s3" ? bucketProblems("/central/backend/bucket", backend.bucket) : [];
    return [...deliveries, ...state];
  },
};

/**
 * Delivering into a staging bucket would loop: every delivered object raises a new
 * "object created" event that the processor picks up and delivers again.
 */
const deliveryBucketNotStaging: InventoryRule = {
  id: "loghop:inventory:delivery-bucket-not-staging",
  description: "No S3 delivery writes into one of loghop's own staging buckets (that would loop).",
  severity: "error",
  reads: [
    "/prefix",
    "/central/accountId",
    "/central/regions",
    "/tenants/*/deliveries/*/type",
    "/tenants/*/deliveries/*/bucket",
  ],
  check: (inventory) => {
    const staging = new Set(
      inventory.central.regions.map((region) =>
        centralNames.stagingBucket(inventory.prefix, inventory.central.accountId, region),
      ),
    );
    return deliveriesOf(inventory).flatMap(({ delivery, at }) =>
      delivery.type === "s3" && staging.has(delivery.bucket)
        ? [
            {
              path: `${at}/bucket`,
              message: `"${delivery.bucket}" is a loghop staging bucket; delivering into it would be picked up and delivered again, forever`,
            },
          ]
        : [],
    );
  },
};

export const s3Rules: readonly InventoryRule[] = [bucketNames, deliveryBucketNotStaging];
