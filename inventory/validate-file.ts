/** Validate an inventory file: reading it is part of validation (a missing file is a problem, not a crash). */
import { readFileSync } from "node:fs";
import { validateInventoryText, type ValidationResult } from "./validate";

function readProblem(error: NodeJS.ErrnoException): string {
  if (error.code === "ENOENT") return "cannot read the inventory: file not found";
  if (error.code === "EISDIR") return "cannot read the inventory: it is a directory, not a file";
  if (error.code === "EACCES") return "cannot read the inventory: permission denied";
  return `cannot read the inventory: ${error.message}`;
}

export function validateInventoryFile(file: string): ValidationResult {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const problem = { path: "", message: readProblem(error as NodeJS.ErrnoException) };
    return { ok: false, problems: [problem], warnings: [], rulesSkipped: [] };
  }
  return validateInventoryText(text);
}
