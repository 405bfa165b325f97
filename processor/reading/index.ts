export { openStagedObject, type OpenedObject } from "./staged-object";
export { maybeGunzip } from "./decompress";
export {
  splitLines,
  type Line,
  type OversizedLine,
  type InvalidUtf8Line,
  type LineSplitterOptions,
} from "./line-splitter";
export { splitJsonArrays } from "./json-array-splitter";
export { objectLines } from "./object-lines";
export { countBytes } from "./count-bytes";
