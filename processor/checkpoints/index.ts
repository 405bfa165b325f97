export { CheckpointStore, type Checkpoint, type CheckpointPort, type CheckpointStoreOptions } from "./checkpoint-store";
export { checkpointObjectId } from "./object-id";
export { eventOrderVersion } from "./event-order";
