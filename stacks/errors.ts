/** Errors raised while turning a valid inventory into stacks. */
import { LoghopError } from "../inventory/errors";

/** The inventory is valid but cannot be deployed as stacks (e.g. an AWS quota would be exceeded). */
export class StackError extends LoghopError {
  override readonly name = "StackError";
  constructor(
    /** Stack the problem is in, e.g. `central`. */
    readonly stackName: string,
    message: string,
  ) {
    super(`${stackName}: ${message}`);
  }
}
