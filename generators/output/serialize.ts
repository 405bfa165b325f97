/** YAML and JSON text of generated objects: one serializer, so every file is formatted alike. */
import { stringify } from "yaml";
import { GENERATED_NOTICE } from "../constants";

/**
 * YAML with the generated-file notice as a leading comment. `lineWidth: 0`
 * never folds long strings (VRL regexes stay on one line); aliases are off so
 * a repeated object is written out, never as an anchor a reader must chase.
 */
export function toYaml(value: unknown): string {
  const body = stringify(value, { lineWidth: 0, aliasDuplicateObjects: false });
  return `# ${GENERATED_NOTICE}\n${body}`;
}

/** JSON cannot carry a comment: the notice lives in the README; two-space indent and a final newline. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
