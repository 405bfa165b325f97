/** Rules on S3 bucket names the user writes (delivery buckets, the state bucket). */
import type { InventoryProblem } from "../errors";
import type { InventoryRule } from "./types";
import { bucketNameProblems } from "./aws-names";
import { deliveriesOf } from "./walk";

function bucketProblems(path: string, bucket: string): InventoryProblem[] {
  return bucketNameProblems(bucket).map((reason) => ({ path, message: `bucket name "${bucket}" ${reason}` }));
}

export const bucketNames: InventoryRule = {
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

export const s3Rules: readonly InventoryRule[] = [bucketNames];
