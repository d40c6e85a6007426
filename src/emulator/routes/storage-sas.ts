/**
 * @module emulator/routes/storage-sas
 * Microsoft.Storage `ListServiceSas` (POST …/storageAccounts/{account}/ListServiceSas, api-version
 * 2023-05-01: ServiceSasParameters in, `{ serviceSasToken }` out) for blob containers and blobs.
 *
 * Azure authorizes this control-plane action with `Microsoft.Storage/storageAccounts/listServiceSas/action`
 * on the account (the SAS is signed with an account key); the twin grants that too. It also grants a SAS
 * to a caller whose data roles at the container allow every permission asked for: that is the twin's
 * stand-in for reaching blobs with an Entra token and a container-scoped data role, which is how people
 * and the promotion identity reach the audit ledger in Azure (Azurite takes no Entra tokens here). The
 * SAS never carries more than the caller's data role allows, and only for the container named.
 */
import {
  BlobSASPermissions,
  ContainerSASPermissions,
  generateBlobSASQueryParameters,
  StorageSharedKeyCredential,
} from "@azure/storage-blob";
import { ArmError, badRequest } from "../arm-errors.ts";
import { authorizationFailed } from "../authorize.ts";
import { storageArmId } from "../catalog.ts";
import type { RequestContext, Route } from "../context.ts";
import { RG } from "./common.ts";

const BLOBS = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs";
/** SAS permission letter → the blob data action a role must grant for it. */
const PERMISSION_DATA_ACTIONS: Record<string, string> = {
  r: `${BLOBS}/read`,
  l: `${BLOBS}/read`,
  a: `${BLOBS}/add/action`,
  c: `${BLOBS}/write`,
  w: `${BLOBS}/write`,
  d: `${BLOBS}/delete`,
};
const CONTAINER_NAME = /^[a-z0-9](?:-?[a-z0-9]){2,62}$/;
/** Longest SAS the twin signs (Azure has no fixed cap; a short one keeps leaked tokens short-lived). */
const MAX_TTL_SECONDS = 8 * 3600;

interface ServiceSasRequest {
  container: string;
  blob: string | undefined;
  permissions: string;
  expiresOn: Date;
}

const invalid = (message: string, target: string): ArmError =>
  badRequest("InvalidValuesForRequestParameters", message, target);

function parseRequest(account: string, body: Record<string, unknown>): ServiceSasRequest {
  const resource = body.canonicalizedResource;
  if (typeof resource !== "string")
    throw invalid(
      "canonicalizedResource is required, e.g. /blob/<account>/<container>.",
      "canonicalizedResource",
    );
  const match = /^\/blob\/([^/]+)\/([^/]+)(?:\/(.+))?$/.exec(resource);
  if (!match || match[1] !== account || !CONTAINER_NAME.test(match[2]!))
    throw invalid(
      `canonicalizedResource '${resource}' is not /blob/${account}/<container>[/<blob>].`,
      "canonicalizedResource",
    );
  const blob = match[3];
  const signedResource = body.signedResource ?? (blob ? "b" : "c");
  if (signedResource !== (blob ? "b" : "c"))
    throw invalid(
      `signedResource must be "${blob ? "b" : "c"}" for ${blob ? "a blob" : "a container"}.`,
      "signedResource",
    );
  const permissions = body.signedPermission;
  if (typeof permissions !== "string" || !/^[rlacwd]+$/.test(permissions))
    throw invalid(
      "signedPermission must be a non-empty combination of r, l, a, c, w and d.",
      "signedPermission",
    );
  const expiry = typeof body.signedExpiry === "string" ? new Date(body.signedExpiry) : undefined;
  if (!expiry || Number.isNaN(expiry.getTime()) || expiry.getTime() <= Date.now())
    throw invalid("signedExpiry must be a future ISO 8601 date-time.", "signedExpiry");
  const latest = new Date(Date.now() + MAX_TTL_SECONDS * 1000);
  return {
    container: match[2]!,
    blob,
    permissions,
    expiresOn: expiry.getTime() > latest.getTime() ? latest : expiry,
  };
}

async function listServiceSas(ctx: RequestContext) {
  const twin = ctx.twin;
  const account = twin.catalog.storageAccounts.find(
    (a) => a.name === ctx.params.account && a.resourceGroup.toLowerCase() === ctx.params.rg!.toLowerCase(),
  );
  if (!account)
    throw new ArmError(
      404,
      "ResourceNotFound",
      `The Resource 'Microsoft.Storage/storageAccounts/${ctx.params.account}' under resource group '${ctx.params.rg}' was not found.`,
    );
  const request = parseRequest(account.name, await ctx.body());
  const accountId = storageArmId(twin.catalog.subscriptionId, account.resourceGroup, account.name);
  const containerScope = `${accountId}/blobServices/default/containers/${request.container}`;
  const byKeyAction = twin.authorizer.isAllowed(
    ctx.claims,
    "Microsoft.Storage/storageAccounts/listServiceSas/action",
    accountId,
  );
  if (!byKeyAction) {
    const letters = [...new Set(request.permissions)];
    const denied = letters.find(
      (letter) =>
        !twin.authorizer.isDataAllowed(ctx.claims, PERMISSION_DATA_ACTIONS[letter]!, containerScope),
    );
    if (denied) throw authorizationFailed(ctx.claims.oid, PERMISSION_DATA_ACTIONS[denied]!, containerScope);
  }
  const credential = new StorageSharedKeyCredential(account.name, twin.storage.key(account.name));
  const token = generateBlobSASQueryParameters(
    {
      containerName: request.container,
      ...(request.blob ? { blobName: request.blob } : {}),
      permissions: request.blob
        ? BlobSASPermissions.parse(request.permissions.replace("l", ""))
        : ContainerSASPermissions.parse(request.permissions),
      startsOn: new Date(Date.now() - 5 * 60_000),
      expiresOn: request.expiresOn,
    },
    credential,
  ).toString();
  return { status: 200, body: { serviceSasToken: token } };
}

export const serviceSasRoutes: Route[] = [
  {
    pattern: `${RG}/providers/Microsoft.Storage/storageAccounts/{account}/ListServiceSas`,
    namespace: "storage",
    methods: {
      // Authorized in the handler: the account-key action, or data roles at the container named in the body.
      POST: { action: null, handle: listServiceSas },
    },
  },
];
