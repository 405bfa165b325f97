export { CheckpointStore, type Checkpoint, type CheckpointStoreOptions } from "./checkpoint-store";
export { checkpointObjectId } from "./object-id";
