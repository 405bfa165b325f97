/**
 * When a delivery writes its progress: after every `everyRequests` accepted
 * requests, so a worker that dies re-sends at most that many requests (the
 * duplicate window). With the default of 1 the window is one request, as
 * it always was; larger values trade a wider window for fewer DynamoDB
 * writes. The request that finishes an object is never followed by a
 * separate write: the completion records it.
 */
export class ProgressSchedule {
  #accepted: number;
  #saved: number;
  #requestsSinceSave = 0;

  constructor(
    readonly everyRequests: number,
    /** Events already saved when the delivery started (the resume point). */
    startAt: number,
  ) {
    if (!Number.isInteger(everyRequests) || everyRequests < 1) {
      throw new RangeError(`everyRequests must be a positive integer, got ${everyRequests}`);
    }
    this.#accepted = startAt;
    this.#saved = startAt;
  }

  /** One request was accepted, ending at `acceptedEvents`; true when progress should be written now. */
  accepted(acceptedEvents: number, lastRequest: boolean): boolean {
    this.#accepted = acceptedEvents;
    this.#requestsSinceSave++;
    return !lastRequest && this.#requestsSinceSave >= this.everyRequests;
  }

  /** The progress up to the last accepted request was written. */
  saved(): void {
    this.#saved = this.#accepted;
    this.#requestsSinceSave = 0;
  }

  get acceptedEvents(): number {
    return this.#accepted;
  }

  /** Accepted events not written yet (what a stop must save). */
  get unsaved(): boolean {
    return this.#accepted > this.#saved;
  }
}
