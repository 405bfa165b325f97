import {
  ConditionalCheckFailedException,
  UpdateItemCommand,
  type AttributeValue,
  type UpdateItemCommandInput,
  type UpdateItemCommandOutput,
  type DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { CheckpointOrderChangedError, LeaseHeldError, ProcessorError } from "../failures/errors";
import { sendWithin, type CallWindow } from "../runtime/call-budget";

/** Progress of one object version towards one destination. */
export interface Checkpoint {
  /** Events of the object's deterministic order already accepted by the destination (a prefix). */
  readonly acceptedEvents: number;
  readonly complete: boolean;
}

/** A checkpoint as stored: with the event-order version its count was saved under. */
interface StoredCheckpoint extends Checkpoint {
  readonly eventOrder: string | undefined;
}

/**
 * What the pipeline needs of a checkpoint store (the DynamoDB one below, or an in-memory one in
 * tests). Every method takes the call window its DynamoDB call must end in.
 */
export interface CheckpointPort {
  claim(
    objectId: string,
    deliveryId: string,
    owner: string,
    leaseUntilMs: number,
    window?: CallWindow,
  ): Promise<Checkpoint>;
  advance(
    objectId: string,
    deliveryId: string,
    owner: string,
    acceptedEvents: number,
    window?: CallWindow,
  ): Promise<void>;
  complete(
    objectId: string,
    deliveryId: string,
    owner: string,
    acceptedEvents: number,
    window?: CallWindow,
  ): Promise<void>;
  /** Gives the lease back; with `acceptedEvents`, saves that progress in the same write. */
  release(
    objectId: string,
    deliveryId: string,
    owner: string,
    acceptedEvents?: number,
    window?: CallWindow,
  ): Promise<void>;
  /**
   * Records a delivery that was sent whole without a lease (a first receive whose events fit one
   * request). Written only if no other delivery has progress, a live lease or completion; returns
   * false when one had — the request this worker sent then duplicated it.
   */
  completeUnleased(objectId: string, deliveryId: string, acceptedEvents: number, window?: CallWindow): Promise<boolean>;
}

export interface CheckpointStoreOptions {
  readonly tableName: string;
  /** DynamoDB TTL: items disappear this long after their last write. */
  readonly ttlSeconds: number;
  /** How this worker turns objects into events (`eventOrderVersion`): counts saved under another are refused. */
  readonly eventOrder: string;
  readonly now?: () => number;
}

/**
 * The checkpoint table (PK objectId, SK deliveryId, TTL expiresAt). A
 * delivery first CLAIMS the item with a lease (owner + until), so two
 * workers handed the same message cannot both send; then ADVANCES the
 * accepted count as requests are accepted (ProgressSchedule); then marks it
 * COMPLETE. Every write after the claim is conditional on still owning the
 * lease. A small object on its first receive skips the claim: one
 * COMPLETE-UNLEASED write, conditional on no other delivery of it.
 */
export class CheckpointStore implements CheckpointPort {
  readonly #now: () => number;

  constructor(
    private readonly dynamodb: DynamoDBClient,
    private readonly options: CheckpointStoreOptions,
  ) {
    this.#now = options.now ?? Date.now;
  }

  /** Takes (or re-takes) the lease until `leaseUntilMs` and returns the saved progress. */
  async claim(
    objectId: string,
    deliveryId: string,
    owner: string,
    leaseUntilMs: number,
    window?: CallWindow,
  ): Promise<Checkpoint> {
    const now = this.#now();
    let checkpoint: StoredCheckpoint;
    try {
      const out = await this.#update(
        objectId,
        deliveryId,
        {
          UpdateExpression:
            "SET leaseOwner = :owner, leaseUntil = :until, expiresAt = :ttl, acceptedEvents = if_not_exists(acceptedEvents, :zero), complete = if_not_exists(complete, :false), eventOrder = if_not_exists(eventOrder, :order)",
          // A completed item is never leased again: redelivery is a no-op (checked by the caller on the returned values).
          ConditionExpression:
            "attribute_not_exists(leaseUntil) OR leaseUntil < :now OR leaseOwner = :owner OR complete = :true",
          ExpressionAttributeValues: {
            ":owner": { S: owner },
            ":until": { N: String(leaseUntilMs) },
            ":ttl": { N: String(this.#expiresAt(now)) },
            ":zero": { N: "0" },
            ":false": { BOOL: false },
            ":true": { BOOL: true },
            ":now": { N: String(now) },
            ":order": { S: this.options.eventOrder },
          },
          ReturnValues: "ALL_NEW",
        },
        window,
      );
      checkpoint = decode(out.Attributes);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new LeaseHeldError(objectId, deliveryId);
      throw error;
    }
    const resumable = checkpoint.complete || checkpoint.acceptedEvents === 0;
    if (!resumable && checkpoint.eventOrder !== undefined && checkpoint.eventOrder !== this.options.eventOrder) {
      await this.release(objectId, deliveryId, owner, undefined, window);
      throw new CheckpointOrderChangedError(objectId, deliveryId, checkpoint.eventOrder, this.options.eventOrder);
    }
    return { acceptedEvents: checkpoint.acceptedEvents, complete: checkpoint.complete };
  }

  /** Records that the first `acceptedEvents` events are delivered. */
  advance(
    objectId: string,
    deliveryId: string,
    owner: string,
    acceptedEvents: number,
    window?: CallWindow,
  ): Promise<void> {
    return this.#ownedUpdate(
      objectId,
      deliveryId,
      owner,
      "SET acceptedEvents = :n, eventOrder = :order, expiresAt = :ttl",
      { ":n": { N: String(acceptedEvents) }, ":order": { S: this.options.eventOrder } },
      window,
    );
  }

  /** The whole object is delivered; the lease is released. */
  complete(
    objectId: string,
    deliveryId: string,
    owner: string,
    acceptedEvents: number,
    window?: CallWindow,
  ): Promise<void> {
    return this.#ownedUpdate(
      objectId,
      deliveryId,
      owner,
      "SET acceptedEvents = :n, complete = :true, expiresAt = :ttl REMOVE leaseOwner, leaseUntil",
      { ":n": { N: String(acceptedEvents) }, ":true": { BOOL: true } },
      window,
    );
  }

  /** Gives the lease back early (work stopped before the deadline) so a redelivery can resume at once. */
  release(
    objectId: string,
    deliveryId: string,
    owner: string,
    acceptedEvents?: number,
    window?: CallWindow,
  ): Promise<void> {
    return acceptedEvents === undefined
      ? this.#ownedUpdate(objectId, deliveryId, owner, "SET expiresAt = :ttl REMOVE leaseOwner, leaseUntil", {}, window)
      : this.#ownedUpdate(
          objectId,
          deliveryId,
          owner,
          "SET acceptedEvents = :n, eventOrder = :order, expiresAt = :ttl REMOVE leaseOwner, leaseUntil",
          { ":n": { N: String(acceptedEvents) }, ":order": { S: this.options.eventOrder } },
          window,
        );
  }

  async completeUnleased(
    objectId: string,
    deliveryId: string,
    acceptedEvents: number,
    window?: CallWindow,
  ): Promise<boolean> {
    const now = this.#now();
    try {
      await this.#update(
        objectId,
        deliveryId,
        {
          UpdateExpression: "SET acceptedEvents = :n, complete = :true, eventOrder = :order, expiresAt = :ttl",
          ConditionExpression:
            "attribute_not_exists(objectId) OR (complete <> :true AND acceptedEvents = :zero AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now))",
          ExpressionAttributeValues: {
            ":n": { N: String(acceptedEvents) },
            ":true": { BOOL: true },
            ":zero": { N: "0" },
            ":now": { N: String(now) },
            ":order": { S: this.options.eventOrder },
            ":ttl": { N: String(this.#expiresAt(now)) },
          },
        },
        window,
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async #ownedUpdate(
    objectId: string,
    deliveryId: string,
    owner: string,
    update: string,
    values: Record<string, AttributeValue>,
    window: CallWindow | undefined,
  ): Promise<void> {
    try {
      await this.#update(
        objectId,
        deliveryId,
        {
          UpdateExpression: update,
          ConditionExpression: "leaseOwner = :owner",
          ExpressionAttributeValues: {
            ...values,
            ":owner": { S: owner },
            ":ttl": { N: String(this.#expiresAt(this.#now())) },
          },
        },
        window,
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new ProcessorError(
          `lost the checkpoint lease of ${objectId} / ${deliveryId} (lease expired and another worker took it)`,
          "transient",
          "checkpoint-lease-held",
          { cause: error },
        );
      }
      throw error;
    }
  }

  /** One UpdateItem on the item of `objectId` / `deliveryId`, ending in `window`. */
  #update(
    objectId: string,
    deliveryId: string,
    input: Omit<UpdateItemCommandInput, "TableName" | "Key">,
    window: CallWindow | undefined,
  ): Promise<UpdateItemCommandOutput> {
    return sendWithin(window, (options) =>
      this.dynamodb.send(
        new UpdateItemCommand({ TableName: this.options.tableName, Key: this.#key(objectId, deliveryId), ...input }),
        options,
      ),
    );
  }

  #key(objectId: string, deliveryId: string): Record<string, AttributeValue> {
    return { objectId: { S: objectId }, deliveryId: { S: deliveryId } };
  }

  #expiresAt(nowMs: number): number {
    return Math.floor(nowMs / 1000) + this.options.ttlSeconds;
  }
}

function decode(attributes: Record<string, AttributeValue> | undefined): StoredCheckpoint {
  return {
    acceptedEvents: Number(attributes?.acceptedEvents?.N ?? "0"),
    complete: attributes?.complete?.BOOL === true,
    eventOrder: attributes?.eventOrder?.S,
  };
}
