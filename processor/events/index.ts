export type { MessageContent, StagedKey, StagedObjectRef } from "./types";
export { decodeS3EventKey, parseStagedKey, type KeyParseResult } from "./object-key";
export { parseS3EventDocument } from "./s3-event";
export { parseSqsBody } from "./sqs-message";
