export { customerObjectKey } from "./key-layout";
export { deliverToS3, type S3DeliveryInput } from "./s3-copy";
