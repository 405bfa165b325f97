/** AWS naming rules shared by several rule groups. Each returns what is wrong, or [] when valid. */
import { S3_BUCKET_NAME_MAX } from "../names";

/**
 * CloudWatch Logs log group names: 1–512 characters of a–z A–Z 0–9 _ - / . #, and not
 * starting with `aws/` (reserved for AWS services). Source: CreateLogGroup API reference.
 */
export const LOG_GROUP_NAME_MAX = 512;
const LOG_GROUP_CHARACTERS = /^[A-Za-z0-9_\-/.#]+$/;

export function logGroupNameProblems(name: string): string[] {
  const problems: string[] = [];
  if (name.length < 1 || name.length > LOG_GROUP_NAME_MAX) {
    problems.push(`must be 1–${LOG_GROUP_NAME_MAX} characters; got ${name.length}`);
  }
  if (!LOG_GROUP_CHARACTERS.test(name)) {
    const bad = [...new Set(name.replace(/[A-Za-z0-9_\-/.#]/g, ""))].map((c) => JSON.stringify(c)).join(" ");
    problems.push(`may contain only letters, digits and _ - / . #; found ${bad}`);
  }
  if (name.startsWith("aws/")) problems.push('must not start with "aws/" (reserved for AWS services)');
  return problems;
}

/**
 * S3 general-purpose bucket naming rules (S3 user guide, "Bucket naming rules"):
 * 3–63 characters; lower-case letters, digits, dots and hyphens; begins and ends with a
 * letter or digit; no two adjacent dots; not shaped like an IP address; none of the
 * reserved prefixes and suffixes.
 */
const RESERVED_BUCKET_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"];
const RESERVED_BUCKET_SUFFIXES = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

export function bucketNameProblems(name: string): string[] {
  const problems: string[] = [];
  if (name.length < 3 || name.length > S3_BUCKET_NAME_MAX) {
    problems.push(`must be 3–${S3_BUCKET_NAME_MAX} characters; got ${name.length}`);
  }
  if (!/^[a-z0-9.-]*$/.test(name)) problems.push("may contain only lower-case letters, digits, dots and hyphens");
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) problems.push("must begin and end with a letter or digit");
  if (name.includes("..")) problems.push("must not contain two adjacent dots");
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) problems.push("must not be formatted as an IP address");
  const prefix = RESERVED_BUCKET_PREFIXES.find((reserved) => name.startsWith(reserved));
  if (prefix !== undefined) problems.push(`must not start with the reserved prefix "${prefix}"`);
  const suffix = RESERVED_BUCKET_SUFFIXES.find((reserved) => name.endsWith(reserved));
  if (suffix !== undefined) problems.push(`must not end with the reserved suffix "${suffix}"`);
  return problems;
}

/** The account id inside an ARN (`arn:partition:service:region:account:resource`). */
export function arnAccount(arn: string): string {
  return arn.split(":")[4] ?? "";
}

/** The region inside an ARN ("" for global services such as IAM). */
export function arnRegion(arn: string): string {
  return arn.split(":")[3] ?? "";
}
