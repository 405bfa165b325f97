import type { Checkpoint } from "../checkpoints/checkpoint-store";
import { leaseUntilMs, saveReserveMs, type CallWindow } from "../runtime/call-budget";
import type { TenantDeliveryItem } from "../tenant-config/types";
import type { DestinationOutcome, InvocationContext, ProcessorDeps } from "./types";

type Identity = Pick<DestinationOutcome, "deliveryId" | "type">;

/** A destination outcome with every counter at zero; callers override what happened. */
export function zeroOutcome<T extends Identity & Partial<DestinationOutcome>>(
  fields: T & Pick<DestinationOutcome, "status">,
): DestinationOutcome {
  return { events: 0, bytes: 0, resumedFrom: 0, rejected: 0, retimed: 0, retries: 0, requests: 0, ...fields };
}

/** The two call windows of a delivery: its work ends a stop margin before the deadline, saving progress just before it. */
export interface DeliveryWindows {
  readonly work: CallWindow;
  readonly save: CallWindow;
}

export function deliveryWindows(deps: ProcessorDeps, ctx: InvocationContext): DeliveryWindows {
  const marginMs = deps.config.stopMarginSeconds * 1000;
  return {
    work: { deadline: ctx.deadline, reserveMs: marginMs },
    save: { deadline: ctx.deadline, reserveMs: saveReserveMs(marginMs) },
  };
}

/** Claims the checkpoint lease until past the invocation's deadline (see LEASE_GRACE_MS). */
export function claimCheckpoint(
  deps: ProcessorDeps,
  ctx: InvocationContext,
  objectId: string,
  item: TenantDeliveryItem,
): Promise<Checkpoint> {
  return deps.checkpoints.claim(
    objectId,
    item.deliveryId,
    ctx.owner,
    leaseUntilMs(deps.now(), ctx.deadline),
    deliveryWindows(deps, ctx).work,
  );
}
