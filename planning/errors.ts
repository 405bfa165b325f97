/** Errors of `loghop plan` that are the user's input (a ref, a directory), not a bug. */
import { LoghopError } from "../inventory/errors";

export class PlanError extends LoghopError {
  override readonly name = "PlanError";
}
