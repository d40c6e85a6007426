/**
 * @module bootstrap/bootstrap
 * `airlock bootstrap [--plan]`: one idempotent path that stands up, from an empty subscription, what
 * Terraform itself needs before its first `init` (infra/README.md "Bootstrap"; issue 9 findings 5 and 6):
 * - the resource providers infra/ uses, registered (the deployers hold resource-group roles only);
 * - per environment, the state resource group, storage account (Entra sign-in only: shared keys off,
 *   OAuth by default, TLS 1.2, no anonymous blob access; public network access on, because GitHub-hosted
 *   runners reach it over the internet) with blob versioning, and the blob container named by the root's
 *   `backend "azurerm"` block;
 * - the identities sp-aml-deployment-<env> and sp-aml-promotion-<env> as user-assigned managed identities
 *   in that group (ARM-managed, so no Microsoft Graph permission is needed), with federated credentials for
 *   exactly the subjects the workflows present (bootstrap/workflow-subjects); credentials for other
 *   subjects are removed;
 * - Storage Blob Data Contributor on the state container for the deployment identity and for the person
 *   running bootstrap, who runs the first `terraform init` and otherwise gets 403 (finding 5).
 * Each step is read first and reported as create / exists / differs / remove; `--plan` stops there. Every
 * call goes through the ARM client with the api-versions of bootstrap/api-versions.
 */
import { createHash } from "node:crypto";
import path from "node:path";
import type { ArmClient } from "../arm/client.ts";
import { ArmError } from "../arm/errors.ts";
import type { Connection } from "../connect/connection.ts";
import { InputError } from "../errors.ts";
import { type Purpose, principalName, REPO_ROOT, roleDefinition } from "../platform/index.ts";
import { API_VERSIONS } from "./api-versions.ts";
import { requiredProviders } from "./providers.ts";
import { type StateBackend, stateBackend } from "./state-backend.ts";
import {
  credentialNameFor,
  ENTRA_AUDIENCE,
  GITHUB_ISSUER,
  type SubjectMap,
  subjectMap,
  workflowLogins,
} from "./workflow-subjects.ts";

export const STEP_KINDS = [
  "provider",
  "resource-group",
  "storage-account",
  "blob-service",
  "container",
  "identity",
  "federated-credential",
  "role-assignment",
] as const;
export type StepKind = (typeof STEP_KINDS)[number];
export type StepAction = "create" | "exists" | "differs" | "remove";

export interface BootstrapStep {
  kind: StepKind;
  /** The environment the step belongs to (providers are subscription-wide). */
  env?: Purpose;
  /** Resource id, or the provider namespace. */
  target: string;
  action: StepAction;
  /** What the step is, for people. */
  summary: string;
  /** For `differs`: what is not as wanted. */
  differences?: string[];
}

/** A CI identity's ids: GitHub's AZURE_CLIENT_ID_* variables and Terraform's *_principal_object_id. */
export interface IdentityInfo {
  env: Purpose;
  name: string;
  id: string;
  /** Unknown until the identity exists (a plan before it is created). */
  clientId?: string;
  principalId?: string;
}

export interface BootstrapReport {
  plan: boolean;
  subscriptionId: string;
  repo: string;
  envs: Purpose[];
  steps: BootstrapStep[];
  identities: IdentityInfo[];
  /** Steps that change something (create, differs, remove): 0 means nothing to do. */
  changes: number;
}

export interface BootstrapOptions {
  envs: readonly Purpose[];
  /** `<org>/<repo>`: the GitHub repository whose workflows log in. */
  repo: string;
  /** Default: the repository's .github/workflows. */
  workflowsDir?: string;
  /** Report only. */
  plan: boolean;
  /** Give the caller the state container's data role (default true; doctor inspects without it). */
  operatorDataRole?: boolean;
}

/** The state account's settings (Microsoft.Storage 2023-05-01 StorageAccountPropertiesCreateParameters). */
export const STATE_ACCOUNT_SETTINGS = {
  allowSharedKeyAccess: false,
  defaultToOAuthAuthentication: true,
  allowBlobPublicAccess: false,
  minimumTlsVersion: "TLS1_2",
  supportsHttpsTrafficOnly: true,
  publicNetworkAccess: "Enabled",
  allowCrossTenantReplication: false,
} as const;

export const STATE_DATA_ROLE = "Storage Blob Data Contributor";

/** Internal: a step plus how to carry it out. */
interface Planned extends BootstrapStep {
  apply?: () => Promise<void>;
}

const isNotFound = (error: unknown) => error instanceof ArmError && error.status === 404;

async function getOrUndefined<T>(arm: ArmClient, path: string, apiVersion: string): Promise<T | undefined> {
  try {
    return await arm.request<T>({ method: "GET", path, apiVersion });
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** A stable role assignment name (a GUID) for one scope, role and principal, so reruns find their own. */
export function assignmentName(scope: string, roleId: string, principalId: string): string {
  const hex = createHash("sha256")
    .update(`airlock-bootstrap|${scope.toLowerCase()}|${roleId.toLowerCase()}|${principalId.toLowerCase()}`)
    .digest("hex");
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The object id of whoever holds `connection`'s credential for `env` (the token's oid claim). Its role
 * assignment names no principalType: Azure resolves an existing principal itself.
 */
export async function callerOf(connection: Connection, env: Purpose): Promise<{ objectId: string }> {
  const token = await connection.credential(env).getToken("https://management.azure.com/.default");
  const payload = token?.token.split(".")[1];
  let claims: { oid?: unknown } = {};
  try {
    claims = payload ? (JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as typeof claims) : {};
  } catch {
    claims = {};
  }
  if (typeof claims.oid !== "string")
    throw new InputError(
      "CALLER_UNKNOWN",
      "The credential's token carries no oid claim: cannot name the caller.",
    );
  return { objectId: claims.oid };
}

/** The workflow subjects per identity for `repo` (the repository's workflows unless another dir is given). */
export async function workflowSubjects(repo: string, workflowsDir?: string): Promise<SubjectMap> {
  return subjectMap(await workflowLogins(workflowsDir ?? path.join(REPO_ROOT, ".github", "workflows"), repo));
}

interface ProviderBody {
  namespace: string;
  registrationState?: string;
}

async function planProviders(connection: Connection, arm: ArmClient): Promise<Planned[]> {
  const sub = `/subscriptions/${connection.subscriptionId}`;
  const listed = await arm
    .list<ProviderBody>(`${sub}/providers`, { apiVersion: API_VERSIONS.resources })
    .toArray();
  const state = new Map(
    listed.map((p) => [p.namespace.toLowerCase(), p.registrationState ?? "NotRegistered"]),
  );
  return (await requiredProviders(connection.platform.infraDir)).map((namespace) => {
    const current = state.get(namespace.toLowerCase()) ?? "NotRegistered";
    const registered = current === "Registered" || current === "Registering";
    return {
      kind: "provider",
      target: namespace,
      action: registered ? "exists" : "create",
      summary: `resource provider ${namespace} registered (${current})`,
      apply: registered
        ? undefined
        : async () => {
            await arm.request({
              method: "POST",
              path: `${sub}/providers/${namespace}/register`,
              apiVersion: API_VERSIONS.resources,
            });
          },
    };
  });
}

interface ArmResource {
  id: string;
  location?: string;
  properties?: Record<string, unknown>;
}

interface FederatedCredential {
  id: string;
  name: string;
  properties: { issuer: string; subject: string; audiences: string[] };
}

interface RoleAssignmentBody {
  id: string;
  properties: { scope: string; roleDefinitionId: string; principalId: string };
}

async function planEnvironment(
  connection: Connection,
  env: Purpose,
  subjects: SubjectMap,
  options: BootstrapOptions,
  identities: IdentityInfo[],
): Promise<Planned[]> {
  const arm = connection.arm(env);
  const platform = connection.env(env);
  const backend: StateBackend = await stateBackend(connection.platform.infraDir, env);
  const sub = `/subscriptions/${connection.subscriptionId}`;
  const rgId = `${sub}/resourceGroups/${backend.resourceGroup}`;
  const accountId = `${rgId}/providers/Microsoft.Storage/storageAccounts/${backend.storageAccount}`;
  const containerId = `${accountId}/blobServices/default/containers/${backend.container}`;
  const tags = { ...platform.tags, purpose: "terraform-state" };
  const steps: Planned[] = [];

  const rg = await getOrUndefined<ArmResource>(arm, rgId, API_VERSIONS.resources);
  if (rg && rg.location?.toLowerCase() !== platform.location.toLowerCase())
    throw new InputError(
      "STATE_GROUP_LOCATION",
      `${rgId} exists in ${rg.location}, not ${platform.location}: a resource group cannot move; delete it or change the backend block`,
    );
  steps.push({
    kind: "resource-group",
    env,
    target: rgId,
    action: rg ? "exists" : "create",
    summary: `state resource group ${backend.resourceGroup} (${platform.location})`,
    apply: async () => {
      await arm.request({
        method: "PUT",
        path: rgId,
        apiVersion: API_VERSIONS.resources,
        body: { location: platform.location, tags },
      });
    },
  });

  const account = rg ? await getOrUndefined<ArmResource>(arm, accountId, API_VERSIONS.storage) : undefined;
  const accountDiffs = account
    ? Object.entries(STATE_ACCOUNT_SETTINGS)
        .filter(([key, wanted]) => account.properties?.[key] !== wanted)
        .map(
          ([key, wanted]) =>
            `${key} is ${JSON.stringify(account.properties?.[key])}, wants ${JSON.stringify(wanted)}`,
        )
    : [];
  steps.push({
    kind: "storage-account",
    env,
    target: accountId,
    action: !account ? "create" : accountDiffs.length > 0 ? "differs" : "exists",
    summary: `state storage account ${backend.storageAccount}: Entra sign-in only (shared keys off), TLS 1.2, no anonymous blob access`,
    ...(accountDiffs.length > 0 ? { differences: accountDiffs } : {}),
    apply: async () => {
      // Create is a long-running PUT (202 + Location); the same PUT updates an existing account's settings.
      await arm.request({
        method: "PUT",
        path: accountId,
        apiVersion: API_VERSIONS.storage,
        body: {
          location: platform.location,
          kind: "StorageV2",
          sku: { name: "Standard_LRS" },
          tags,
          properties: STATE_ACCOUNT_SETTINGS,
        },
        lro: { finalStateVia: "location" },
      });
    },
  });

  // Blob versioning keeps every earlier state file (infra/README.md bootstrap), so a bad write can be undone.
  const serviceId = `${accountId}/blobServices/default`;
  const service = account
    ? await getOrUndefined<ArmResource>(arm, serviceId, API_VERSIONS.storage)
    : undefined;
  const versioning = service?.properties?.isVersioningEnabled === true;
  steps.push({
    kind: "blob-service",
    env,
    target: serviceId,
    action: !account ? "create" : versioning ? "exists" : "differs",
    summary: `blob versioning on ${backend.storageAccount} (earlier state files recoverable)`,
    ...(account && !versioning ? { differences: ["isVersioningEnabled is false, wants true"] } : {}),
    apply: async () => {
      await arm.request({
        method: "PUT",
        path: serviceId,
        apiVersion: API_VERSIONS.storage,
        body: { properties: { isVersioningEnabled: true } },
      });
    },
  });

  const container = account
    ? await getOrUndefined<ArmResource>(arm, containerId, API_VERSIONS.storage)
    : undefined;
  const publicAccess = container?.properties?.publicAccess;
  steps.push({
    kind: "container",
    env,
    target: containerId,
    action: !container ? "create" : publicAccess !== "None" ? "differs" : "exists",
    summary: `state container ${backend.container} (no public access)`,
    ...(container && publicAccess !== "None"
      ? { differences: [`publicAccess is ${String(publicAccess)}, wants "None"`] }
      : {}),
    apply: async () => {
      await arm.request({
        method: "PUT",
        path: containerId,
        apiVersion: API_VERSIONS.storage,
        body: { properties: { publicAccess: "None" } },
      });
    },
  });

  // The identities, their federated credentials, and the deployer's data role on the state container.
  /** Principal ids of the identities: known when they exist, set when the identity step creates them. */
  const principalIds = new Map<string, string | undefined>();
  for (const key of ["deployer", "promoter"] as const) {
    const name = principalName(key, env);
    const identityId = `${rgId}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;
    const identity = rg
      ? await getOrUndefined<ArmResource>(arm, identityId, API_VERSIONS.managedIdentity)
      : undefined;
    principalIds.set(name, identity?.properties?.principalId as string | undefined);
    const info: IdentityInfo = { env, name, id: identityId };
    const learn = (props: Record<string, unknown> | undefined) => {
      if (typeof props?.clientId === "string") info.clientId = props.clientId;
      if (typeof props?.principalId === "string") info.principalId = props.principalId;
    };
    learn(identity?.properties);
    identities.push(info);
    steps.push({
      kind: "identity",
      env,
      target: identityId,
      action: identity ? "exists" : "create",
      summary: `identity ${name} (user-assigned managed identity; its principal id is Terraform's ${key === "deployer" ? "deployment" : "promotion"}_principal_object_id)`,
      apply: async () => {
        const created = await arm.request<ArmResource>({
          method: "PUT",
          path: identityId,
          apiVersion: API_VERSIONS.managedIdentity,
          body: { location: platform.location, tags },
        });
        principalIds.set(name, created.properties?.principalId as string | undefined);
        learn(created.properties);
      },
    });

    const wanted = subjects.get(name) ?? [];
    const existing = identity
      ? await arm
          .list<FederatedCredential>(`${identityId}/federatedIdentityCredentials`, {
            apiVersion: API_VERSIONS.managedIdentity,
          })
          .toArray()
      : [];
    const credentialPath = (credential: string) => `${identityId}/federatedIdentityCredentials/${credential}`;
    // A credential whose name the wanted one would take, trusting a subject no workflow uses, is rewritten
    // in place (differs) rather than overwritten and then removed.
    const rewritten = new Set<string>();
    for (const subject of wanted) {
      const bySubject = existing.find((c) => c.properties.subject === subject);
      const byName = bySubject
        ? undefined
        : existing.find(
            (c) => c.name === credentialNameFor(subject) && !wanted.includes(c.properties.subject),
          );
      const found = bySubject ?? byName;
      if (byName) rewritten.add(byName.id);
      const credentialName = found?.name ?? credentialNameFor(subject);
      const differences = found
        ? [
            ...(found.properties.subject !== subject
              ? [`subject is ${found.properties.subject}, wants ${subject}`]
              : []),
            ...(found.properties.issuer !== GITHUB_ISSUER
              ? [`issuer is ${found.properties.issuer}, wants ${GITHUB_ISSUER}`]
              : []),
            ...(found.properties.audiences.join(",") !== ENTRA_AUDIENCE
              ? [`audiences are ${found.properties.audiences.join(",")}, wants ${ENTRA_AUDIENCE}`]
              : []),
          ]
        : [];
      steps.push({
        kind: "federated-credential",
        env,
        target: credentialPath(credentialName),
        action: !found ? "create" : differences.length > 0 ? "differs" : "exists",
        summary: `${name} trusts ${subject}`,
        ...(differences.length > 0 ? { differences } : {}),
        apply: async () => {
          await arm.request({
            method: "PUT",
            path: credentialPath(credentialName),
            apiVersion: API_VERSIONS.managedIdentity,
            body: { properties: { issuer: GITHUB_ISSUER, subject, audiences: [ENTRA_AUDIENCE] } },
          });
        },
      });
    }
    for (const extra of existing.filter(
      (c) => !wanted.includes(c.properties.subject) && !rewritten.has(c.id),
    )) {
      steps.push({
        kind: "federated-credential",
        env,
        target: extra.id,
        action: "remove",
        summary: `${name} trusts ${extra.properties.subject}, which no workflow uses`,
        apply: async () => {
          await arm.request({
            method: "DELETE",
            path: credentialPath(extra.name),
            apiVersion: API_VERSIONS.managedIdentity,
          });
        },
      });
    }
  }

  const role = roleDefinition(STATE_DATA_ROLE)!;
  const roleDefinitionId = `${sub}/providers/Microsoft.Authorization/roleDefinitions/${role.id}`;
  const deployer = principalName("deployer", env);
  const holders: Array<{ who: string; principal: () => string | undefined; type?: string }> = [
    { who: deployer, principal: () => principalIds.get(deployer), type: "ServicePrincipal" },
  ];
  if (options.operatorDataRole !== false) {
    const caller = await callerOf(connection, env);
    holders.push({ who: `the caller (${caller.objectId})`, principal: () => caller.objectId });
  }
  const assignments = container
    ? await arm
        .list<RoleAssignmentBody>(`${containerId}/providers/Microsoft.Authorization/roleAssignments`, {
          apiVersion: API_VERSIONS.authorization,
        })
        .toArray()
    : [];
  for (const holder of holders) {
    const known = holder.principal();
    const found =
      known !== undefined &&
      assignments.some(
        (a) =>
          a.properties.principalId.toLowerCase() === known.toLowerCase() &&
          a.properties.roleDefinitionId.toLowerCase().endsWith(`/${role.id.toLowerCase()}`) &&
          containerId.toLowerCase().startsWith(a.properties.scope.toLowerCase()),
      );
    steps.push({
      kind: "role-assignment",
      env,
      target: `${containerId}/providers/Microsoft.Authorization/roleAssignments/${known ? assignmentName(containerId, role.id, known) : "(new)"}`,
      action: found ? "exists" : "create",
      summary: `${holder.who} holds ${STATE_DATA_ROLE} on the state container`,
      apply: async () => {
        const principalId = holder.principal();
        if (!principalId) throw new InputError("IDENTITY_NO_PRINCIPAL", `${holder.who} has no principal id`);
        await arm.request({
          method: "PUT",
          path: `${containerId}/providers/Microsoft.Authorization/roleAssignments/${assignmentName(containerId, role.id, principalId)}`,
          apiVersion: API_VERSIONS.authorization,
          body: {
            properties: {
              roleDefinitionId,
              principalId,
              ...(holder.type ? { principalType: holder.type } : {}),
            },
          },
        });
      },
    });
  }
  return steps;
}

const publicStep = ({ apply: _apply, ...step }: Planned): BootstrapStep => step;

/** Reads what exists and says what bootstrap would do, per step. */
async function planAll(
  connection: Connection,
  options: BootstrapOptions,
  identities: IdentityInfo[],
): Promise<Planned[]> {
  if (options.envs.length === 0)
    throw new InputError("ENV_REQUIRED", "bootstrap needs at least one environment");
  const subjects = await workflowSubjects(options.repo, options.workflowsDir);
  const steps = await planProviders(connection, connection.arm(options.envs[0]!));
  for (const env of options.envs)
    steps.push(...(await planEnvironment(connection, env, subjects, options, identities)));
  return steps;
}

/** Plans and, unless `options.plan`, carries out every step that changes something, in order. */
export async function bootstrap(connection: Connection, options: BootstrapOptions): Promise<BootstrapReport> {
  const identities: IdentityInfo[] = [];
  const steps = await planAll(connection, options, identities);
  if (!options.plan) for (const step of steps) if (step.action !== "exists") await step.apply?.();
  return {
    plan: options.plan,
    subscriptionId: connection.subscriptionId,
    repo: options.repo,
    envs: [...options.envs],
    steps: steps.map(publicStep),
    identities,
    changes: steps.filter((s) => s.action !== "exists").length,
  };
}
