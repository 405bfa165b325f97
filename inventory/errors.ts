/** One problem found in an inventory: where it is (JSON pointer) and what is wrong / allowed. */
export interface InventoryProblem {
  /** JSON pointer into the document, e.g. `/tenants/2/deliveries/0/retentionDays` ("" = the root). */
  readonly path: string;
  /** What is wrong and what is allowed, e.g. `must be one of 1, 3, 5; got 0`. */
  readonly message: string;
}

/** Base class of every loghop error that is the user's input, not a bug: printed without a stack. */
export class LoghopError extends Error {
  override readonly name: string = "LoghopError";
}

/** The inventory could not be read or did not pass validation; carries every problem found. */
export class InventoryError extends LoghopError {
  override readonly name = "InventoryError";
  constructor(
    readonly file: string,
    readonly problems: readonly InventoryProblem[],
  ) {
    super(problems.map((p) => `${file}: ${p.path || "/"}: ${p.message}`).join("\n"));
  }
}
