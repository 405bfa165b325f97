/** Errors raised while planning the Terraform Cloud workspaces of an inventory. */
import { LoghopError } from "../../inventory/errors";

/** The inventory is valid but its Terraform Cloud bootstrap cannot be built as asked. */
export class TfcBootstrapError extends LoghopError {
  override readonly name = "TfcBootstrapError";
}
