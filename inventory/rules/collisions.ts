/**
 * No two deliveries write the same destination: the same log group (directly or through a
 * logGroupPrefix's per-application groups) or overlapping key prefixes of one bucket.
 * Indexed, not pairwise, so an estate of thousands of deliveries checks in milliseconds.
 */
import type { Inventory } from "../types";
import type { InventoryRule } from "./types";
import { deliveriesOf, repeats } from "./walk";

interface Destination {
  readonly at: string;
  /** Position in the document: the later of two colliding deliveries carries the problem. */
  readonly order: number;
  readonly value: string;
}

/** A log group name or prefix, scoped to the account and region it lives in. */
interface LogGroup extends Destination {
  /** `<accountId>/<region>`. */
  readonly scope: string;
}

const KEY_SEPARATOR = "\u0000";

/** Equal keys are the same log group(s): same account, region and name. */
function groupKey(scope: string, value: string): string {
  return `${scope}${KEY_SEPARATOR}${value}`;
}

function keyed(group: LogGroup): readonly [string, string] {
  return [group.at, groupKey(group.scope, group.value)];
}

const logGroupCollisions: InventoryRule = {
  id: "loghop:inventory:log-group-collisions",
  description:
    "No two deliveries write the same log group in one account and region (a logGroupPrefix covers <prefix>/<application>).",
  severity: "error",
  reads: [
    "/tenants/*/accountId",
    "/tenants/*/deliveries/*/type",
    "/tenants/*/deliveries/*/region",
    "/tenants/*/deliveries/*/logGroupName",
    "/tenants/*/deliveries/*/logGroupPrefix",
  ],
  check: (inventory) => {
    const names: LogGroup[] = [];
    const prefixes: LogGroup[] = [];
    deliveriesOf(inventory).forEach(({ tenant, delivery, at }, order) => {
      if (delivery.type !== "cloudwatch") return;
      const scope = `${tenant.accountId}/${delivery.region}`;
      if (delivery.logGroupName !== undefined) {
        names.push({ at: `${at}/logGroupName`, order, scope, value: delivery.logGroupName });
      }
      if (delivery.logGroupPrefix !== undefined) {
        prefixes.push({ at: `${at}/logGroupPrefix`, order, scope, value: delivery.logGroupPrefix });
      }
    });
    const sameName = repeats(names.map(keyed), (key, firstAt) => {
      const [scope, value] = key.split(KEY_SEPARATOR);
      return `log group "${value}" in ${scope} is already written by ${firstAt}; two deliveries must not write the same log group`;
    });
    const samePrefix = repeats(prefixes.map(keyed), (key, firstAt) => {
      const [scope, value] = key.split(KEY_SEPARATOR);
      return `log group prefix "${value}" in ${scope} is already used by ${firstAt}; two deliveries must not write the same log groups`;
    });
    const firstPrefix = new Map<string, LogGroup>();
    for (const prefix of prefixes.slice().reverse()) firstPrefix.set(groupKey(prefix.scope, prefix.value), prefix);
    const covered = names.flatMap((name) => {
      const slash = name.value.lastIndexOf("/");
      if (slash < 0 || slash === name.value.length - 1) return [];
      const covering = firstPrefix.get(groupKey(name.scope, name.value.slice(0, slash)));
      if (covering === undefined) return [];
      // The later of the two in the document carries the problem and points at the earlier.
      return name.order > covering.order
        ? [
            {
              path: name.at,
              message: `log group "${name.value}" in ${name.scope} is also a per-application group of logGroupPrefix "${covering.value}" at ${covering.at}; two deliveries must not write the same log group`,
            },
          ]
        : [
            {
              path: covering.at,
              message: `logGroupPrefix "${covering.value}" in ${name.scope} covers log group "${name.value}" already written by ${name.at}; two deliveries must not write the same log group`,
            },
          ];
    });
    return [...sameName, ...samePrefix, ...covered];
  },
};

/** Pairs of destinations where one key prefix contains the other, found by one sorted sweep. */
function overlappingPrefixes(destinations: Destination[]): [Destination, Destination][] {
  const sorted = [...destinations].sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : a.order - b.order));
  const ancestors: Destination[] = [];
  const pairs: [Destination, Destination][] = [];
  for (const current of sorted) {
    while (ancestors.length > 0 && !current.value.startsWith(ancestors[ancestors.length - 1]!.value)) ancestors.pop();
    const ancestor = ancestors[ancestors.length - 1];
    if (ancestor !== undefined) pairs.push([ancestor, current]);
    ancestors.push(current);
  }
  return pairs;
}

const bucketPrefixCollisions: InventoryRule = {
  id: "loghop:inventory:bucket-prefix-collisions",
  description: "No two S3 deliveries write overlapping key prefixes of the same bucket.",
  severity: "error",
  reads: ["/tenants/*/deliveries/*/type", "/tenants/*/deliveries/*/bucket", "/tenants/*/deliveries/*/prefix"],
  check: (inventory: Inventory) => {
    const byBucket = new Map<string, Destination[]>();
    deliveriesOf(inventory).forEach(({ delivery, at }, order) => {
      if (delivery.type !== "s3") return;
      const list = byBucket.get(delivery.bucket) ?? [];
      list.push({ at, order, value: delivery.prefix ?? "" });
      byBucket.set(delivery.bucket, list);
    });
    return [...byBucket].flatMap(([bucket, destinations]) =>
      overlappingPrefixes(destinations).map(([a, b]) => {
        const [later, earlier] = a.order > b.order ? [a, b] : [b, a];
        return {
          path: later.at,
          message: `writes bucket "${bucket}" under prefix "${later.value}", which overlaps prefix "${earlier.value}" of ${earlier.at}; two deliveries must not write overlapping prefixes of one bucket`,
        };
      }),
    );
  },
};

export const collisionRules: readonly InventoryRule[] = [logGroupCollisions, bucketPrefixCollisions];
