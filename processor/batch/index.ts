export {
  processQueueMessages,
  processObjects,
  type BatchItemFailure,
  type BatchResult,
  type MessageOutcome,
  type QueueMessage,
} from "./sqs-batch";
export { groupByStream, mapWithConcurrency } from "./group-by-stream";
