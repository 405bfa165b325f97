/**
 * Delivery roles a tenant brings itself (`tenants[].deliveryRoleArn`). The central role may assume
 * exactly the roles the inventory names, so a tenant-supplied ARN is where a malicious tenant would
 * aim it: at a role in another account, or at another tenant's role. These rules refuse both; the
 * ExternalId (each tenant's own) still guards every role besides.
 */
import { customerRoleArn, parseRoleArn } from "../names";
import { pointer } from "../validate-pointer";
import { deployRoles, generatedRoleNames, roleIdentity } from "./role-identity";
import type { InventoryRule } from "./types";

const deliveryRoleAccounts: InventoryRule = {
  id: "loghop:inventory:delivery-role-accounts",
  description: "A tenant's own deliveryRoleArn is a role in that tenant's account.",
  severity: "error",
  reads: ["/tenants/*/accountId", "/tenants/*/deliveryRoleArn"],
  check: (inventory) =>
    inventory.tenants.flatMap((tenant, t) => {
      if (tenant.deliveryRoleArn === undefined) return [];
      const { accountId } = parseRoleArn(tenant.deliveryRoleArn);
      if (accountId === tenant.accountId) return [];
      return [
        {
          path: pointer("tenants", t, "deliveryRoleArn"),
          message: `role is in account ${accountId} but /tenants/${t}/accountId is ${tenant.accountId}; the delivery role must be in the tenant's own account`,
        },
      ];
    }),
};

const uniqueDeliveryRoles: InventoryRule = {
  id: "loghop:inventory:unique-delivery-roles",
  description:
    "Every tenant's delivery role is its own: no two tenants share one, and no deliveryRoleArn takes a role name loghop generates.",
  severity: "error",
  reads: [
    "/prefix",
    "/central/regions",
    "/tenants/*/id",
    "/tenants/*/accountId",
    "/tenants/*/deliveryRoleArn",
    "/tenants/*/deployRoleArn",
    "/central/deployRoleArn",
    "/central/regionDeployRoleArns",
    "/clusters/*/id",
    "/clusters/*/deployRoleArn",
  ],
  check: (inventory) => {
    const firstAt = new Map<string, { at: string; tenant: string }>();
    const deployers = deployRoles(inventory);
    return inventory.tenants.flatMap((tenant, t) => {
      const given = tenant.deliveryRoleArn;
      const at = pointer("tenants", t, given === undefined ? "id" : "deliveryRoleArn");
      const arn = given ?? customerRoleArn(inventory.prefix, tenant.accountId, tenant.id);
      const identity = roleIdentity(arn);
      const first = firstAt.get(identity);
      if (first !== undefined) {
        return [
          {
            path: at,
            message: `delivery role ${arn} is already tenant ${first.tenant}'s (${first.at}); each tenant needs a role of its own`,
          },
        ];
      }
      firstAt.set(identity, { at, tenant: tenant.id });
      if (given === undefined) return [];
      const deployRoleAt = deployers.get(identity);
      if (deployRoleAt !== undefined) {
        return [
          {
            path: at,
            message: `role ${given} is the deploy role at ${deployRoleAt}; a delivery role must be a role of its own, which our central role may assume`,
          },
        ];
      }
      const owner = generatedRoleNames(inventory, t).get(parseRoleArn(given).name.toLowerCase());
      if (owner === undefined) return [];
      return [
        {
          path: at,
          message: `role name ${parseRoleArn(given).name} is ${owner}, a name loghop generates; name the tenant's own role otherwise`,
        },
      ];
    });
  },
};

const deliveryRoleWithoutDeployRole: InventoryRule = {
  id: "loghop:inventory:delivery-role-without-deploy-role",
  description: "A tenant with its own deliveryRoleArn has no customer stack, so no deployRoleArn to apply one.",
  severity: "error",
  reads: ["/tenants/*/deliveryRoleArn", "/tenants/*/deployRoleArn"],
  check: (inventory) =>
    inventory.tenants.flatMap((tenant, t) =>
      tenant.deliveryRoleArn !== undefined && tenant.deployRoleArn !== undefined
        ? [
            {
              path: pointer("tenants", t, "deployRoleArn"),
              message:
                "deployRoleArn applies the customer stack, which a tenant with its own deliveryRoleArn does not have; remove deployRoleArn, or remove deliveryRoleArn to let loghop create the role",
            },
          ]
        : [],
    ),
};

export const deliveryRoleRules: readonly InventoryRule[] = [
  deliveryRoleAccounts,
  uniqueDeliveryRoles,
  deliveryRoleWithoutDeployRole,
];
