import type { Checkpoint } from "../checkpoints/checkpoint-store";
import type { TenantDeliveryItem } from "../tenant-config/types";
import type { DestinationOutcome, InvocationContext, ProcessorDeps } from "./types";

type Identity = Pick<DestinationOutcome, "deliveryId" | "type">;

/** A destination outcome with every counter at zero; callers override what happened. */
export function zeroOutcome<T extends Identity & Partial<DestinationOutcome>>(
  fields: T & Pick<DestinationOutcome, "status">,
): DestinationOutcome {
  return { events: 0, bytes: 0, resumedFrom: 0, rejected: 0, retimed: 0, retries: 0, requests: 0, ...fields };
}

/** Claims the checkpoint lease until the invocation's deadline. */
export function claimCheckpoint(
  deps: ProcessorDeps,
  ctx: InvocationContext,
  objectId: string,
  item: TenantDeliveryItem,
): Promise<Checkpoint> {
  const leaseUntil = deps.now() + Math.max(0, ctx.deadline.remainingMs());
  return deps.checkpoints.claim(objectId, item.deliveryId, ctx.owner, leaseUntil);
}
