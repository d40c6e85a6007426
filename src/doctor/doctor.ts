/**
 * @module doctor/doctor
 * `airlock doctor`: a read-only preflight with the caller's own credential (a twin principal, or Azure's
 * DefaultAzureCredential). It reads, never writes, and reports each finding with its fix:
 * - the subscription, its resource providers, the Terraform state and the identities (bootstrap's plan,
 *   so "what bootstrap would change" is a finding fixed by `airlock bootstrap`);
 * - federated credentials against the subjects the workflows present (also from bootstrap's plan);
 * - the six resource groups of the platform (three per environment, named by the platform model);
 * - role assignments against the RBAC matrix (verify/rbac), with Owners assigned above the environments
 *   listed as expected when governance/inherited-owners.yml names them;
 * - private endpoints and private DNS zones (Azure; the twin models no Microsoft.Network and says so);
 * - the audit ledger container's immutability (WORM) policy;
 * - whether the ARM endpoint, the prod storage account's blob endpoint and the prod registry's discovery
 *   endpoint answer from where doctor runs.
 */

import type { ArmClient } from "../arm/client.ts";
import { ArmError } from "../arm/errors.ts";
import { API_VERSIONS } from "../bootstrap/api-versions.ts";
import { type BootstrapStep, bootstrap } from "../bootstrap/bootstrap.ts";
import type { Connection } from "../connect/connection.ts";
import { LEDGER_CONTAINER, type Purpose, roleDefinition } from "../platform/index.ts";
import type { PrincipalDirectory } from "../verify/directory.ts";
import { type Drift, resourceGroupScopes, verifyRbac, within } from "../verify/rbac.ts";
import type { AllowedOwner } from "./allowlist.ts";

export const DOCTOR_CHECKS = [
  "subscription",
  "providers",
  "state-backend",
  "identities",
  "federated-credentials",
  "resource-groups",
  "rbac",
  "private-network",
  "ledger-policy",
  "reachability",
] as const;
export type DoctorCheckName = (typeof DOCTOR_CHECKS)[number];

export interface DoctorFinding {
  check: DoctorCheckName;
  env?: Purpose;
  message: string;
  /** A command or Terraform change that fixes it. */
  fix: string;
  resourceIds?: string[];
}

export interface DoctorCheck {
  check: DoctorCheckName;
  env?: Purpose;
  /** ok: looked and found nothing; findings: see `findings`; not-modelled: the twin has no such thing. */
  status: "ok" | "findings" | "not-modelled";
  detail: string;
}

export interface DoctorReport {
  mode: "twin" | "azure";
  subscriptionId: string;
  envs: Purpose[];
  checks: DoctorCheck[];
  findings: DoctorFinding[];
  /** Inherited Owners the allowlist names: expected, listed so nobody forgets they exist. */
  allowedOwners: Array<{ env: Purpose; principal: string; scope: string; why: string }>;
  ok: boolean;
}

export interface DoctorOptions {
  envs: readonly Purpose[];
  repo: string;
  workflowsDir?: string;
  directory: PrincipalDirectory;
  allowlist: readonly AllowedOwner[];
}

const STEP_CHECK: Record<BootstrapStep["kind"], DoctorCheckName> = {
  provider: "providers",
  "resource-group": "state-backend",
  "storage-account": "state-backend",
  "blob-service": "state-backend",
  container: "state-backend",
  identity: "identities",
  "federated-credential": "federated-credentials",
  "role-assignment": "state-backend",
};

/** The shell flags that point a command at the same target as this connection. */
const targetFlags = (connection: Connection) =>
  connection.mode === "azure" ? ` --azure --subscription ${connection.subscriptionId}` : "";

const terraformApply = (env: Purpose) => `terraform -chdir=infra/environments/${env} apply`;

function stepMessage(step: BootstrapStep): string {
  switch (step.action) {
    case "create":
      return step.kind === "federated-credential"
        ? `no federated credential: ${step.summary} is missing, so that workflow's login fails`
        : `missing: ${step.summary}`;
    case "differs":
      return `${step.summary}: ${(step.differences ?? []).join("; ")}`;
    case "remove":
      return `unexpected federated credential: ${step.summary}`;
    default:
      return step.summary;
  }
}

const forbidden = (error: unknown) =>
  error instanceof ArmError && (error.status === 403 || error.status === 401);

function rbacFix(drift: Drift, env: Purpose): string {
  const id = drift.actual?.id;
  switch (drift.kind) {
    case "missing":
      return `${terraformApply(env)} (the assignment is in infra/rbac/rbac-matrix.json; Terraform creates it) — or az role assignment create --assignee-object-id <${drift.expected?.principal} object id> --role "${drift.expected?.role}" --scope ${drift.expected?.scope}`;
    case "wrong-role":
    case "wrong-scope":
      return `az role assignment delete --ids ${id}; then ${terraformApply(env)} creates the matrix's assignment`;
    case "inherited":
      return `az role assignment delete --ids ${id} — or, for an Owner the organisation accepts, an entry in governance/inherited-owners.yml`;
    case "unknown-principal":
      return `az role assignment delete --ids ${id} — or add the principal to the --principals directory file if it is a platform identity`;
    default:
      return `az role assignment delete --ids ${id} (not in infra/rbac/rbac-matrix.json; add it there and apply if it is needed)`;
  }
}

async function tryArm<T>(call: () => Promise<T>): Promise<{ value?: T; error?: ArmError | Error }> {
  try {
    return { value: await call() };
  } catch (error) {
    return { error: error as Error };
  }
}

async function reachable(url: string): Promise<string | undefined> {
  try {
    await fetch(url, { method: "GET", signal: AbortSignal.timeout(10_000) }).then((r) => r.body?.cancel());
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

interface ArmResource {
  id: string;
  name: string;
  properties?: Record<string, unknown>;
}

export async function doctor(connection: Connection, options: DoctorOptions): Promise<DoctorReport> {
  const findings: DoctorFinding[] = [];
  const checks: DoctorCheck[] = [];
  const allowedOwners: DoctorReport["allowedOwners"] = [];
  const flags = targetFlags(connection);
  const sub = `/subscriptions/${connection.subscriptionId}`;
  const first = options.envs[0]!;
  const record = (
    check: DoctorCheckName,
    env: Purpose | undefined,
    found: DoctorFinding[],
    okDetail: string,
  ) => {
    findings.push(...found);
    checks.push({
      check,
      ...(env ? { env } : {}),
      status: found.length > 0 ? "findings" : "ok",
      detail: found.length > 0 ? `${found.length} finding(s)` : okDetail,
    });
  };

  // The subscription (and with it, that ARM answers).
  const subscription = await tryArm(() =>
    connection.arm(first).request<{ state?: string; displayName?: string }>({
      method: "GET",
      path: sub,
      apiVersion: API_VERSIONS.subscriptions,
    }),
  );
  record(
    "subscription",
    undefined,
    subscription.error
      ? [
          {
            check: "subscription",
            message: `cannot read subscription ${connection.subscriptionId}: ${subscription.error.message}`,
            fix: "sign in as an identity with a role in the subscription (az login), and check --subscription",
          },
        ]
      : subscription.value?.state !== "Enabled"
        ? [
            {
              check: "subscription",
              message: `subscription ${connection.subscriptionId} is ${subscription.value?.state}`,
              fix: "re-enable the subscription (Azure portal → Subscriptions) before applying anything",
            },
          ]
        : [],
    `${subscription.value?.displayName ?? connection.subscriptionId} is Enabled`,
  );

  // Providers, state backend, identities and federated credentials: what bootstrap would change.
  const plan = await tryArm(() =>
    bootstrap(connection, {
      envs: options.envs,
      repo: options.repo,
      ...(options.workflowsDir ? { workflowsDir: options.workflowsDir } : {}),
      plan: true,
      operatorDataRole: false,
    }),
  );
  const planChecks: DoctorCheckName[] = ["providers", "state-backend", "identities", "federated-credentials"];
  if (plan.error) {
    const fix = forbidden(plan.error)
      ? "run doctor as an identity with Reader on the subscription (the bootstrap Owner, or a reader of the state resource groups)"
      : `check the connection, then airlock bootstrap --plan${flags}`;
    for (const check of planChecks)
      record(check, undefined, [{ check, message: `cannot inspect: ${plan.error.message}`, fix }], "");
  } else {
    for (const check of planChecks) {
      const steps = plan.value!.steps.filter((s) => STEP_CHECK[s.kind] === check);
      const found = steps
        .filter((s) => s.action !== "exists")
        .map<DoctorFinding>((s) => ({
          check,
          ...(s.env ? { env: s.env } : {}),
          message: stepMessage(s),
          fix: `airlock bootstrap${s.env ? ` --env ${s.env}` : ""} --repo ${options.repo}${flags} (airlock bootstrap --plan shows the change first)`,
          resourceIds: [s.target],
        }));
      record(check, undefined, found, `${steps.length} checked`);
    }
  }

  for (const env of options.envs) {
    const arm = connection.arm(env);
    const platform = connection.env(env);

    // The platform's three resource groups per environment.
    const groups: DoctorFinding[] = [];
    for (const scope of resourceGroupScopes(platform, connection.subscriptionId)) {
      const got = await tryArm(() =>
        arm.request({ method: "GET", path: scope, apiVersion: API_VERSIONS.resources }),
      );
      if (got.error)
        groups.push({
          check: "resource-groups",
          env,
          message:
            got.error instanceof ArmError && got.error.status === 404
              ? `resource group ${scope} does not exist`
              : `cannot read ${scope}: ${got.error.message}`,
          fix:
            got.error instanceof ArmError && got.error.status === 404
              ? `${terraformApply(env)} (modules/platform creates the three groups)`
              : `grant the caller Reader on ${scope}, or run doctor as sp-aml-deployment-${env}`,
          resourceIds: [scope],
        });
    }
    record("resource-groups", env, groups, "3 resource groups exist");

    // Role assignments against the matrix; allowlisted Owners above the environment are expected.
    const rbac = await tryArm(() => verifyRbac(connection, env, options.directory));
    if (rbac.error) {
      record(
        "rbac",
        env,
        [
          {
            check: "rbac",
            env,
            message: `cannot list role assignments: ${rbac.error.message}`,
            fix: `run doctor as an identity that can read role assignments on the ${env} resource groups (sp-aml-deployment-${env})`,
          },
        ],
        "",
      );
    } else {
      const ownerId = roleDefinition("Owner")!.id.toLowerCase();
      const envScopes = resourceGroupScopes(platform, connection.subscriptionId);
      const allowed = (d: Drift) => {
        const a = d.actual;
        if (!a?.roleDefinitionId.toLowerCase().endsWith(`/${ownerId}`)) return undefined;
        if (envScopes.some((rg) => within(a.scope, rg))) return undefined;
        return options.allowlist.find(
          (o) =>
            o.principal.toLowerCase() === a.principalId.toLowerCase() ||
            options.directory.byName(o.principal)?.objectId === a.principalId.toLowerCase(),
        );
      };
      const found: DoctorFinding[] = [];
      for (const d of rbac.value!.drift) {
        const entry = allowed(d);
        if (entry) {
          allowedOwners.push({
            env,
            principal: d.actual!.principalName ?? d.actual!.principalId,
            scope: d.actual!.scope,
            why: entry.why,
          });
          continue;
        }
        found.push({
          check: "rbac",
          env,
          message: `[${d.kind}] ${d.message}`,
          fix: rbacFix(d, env),
          resourceIds: d.resourceIds,
        });
      }
      record(
        "rbac",
        env,
        found,
        `${rbac.value!.matched} of ${rbac.value!.expected} matrix assignments matched, no drift`,
      );
    }

    // Private endpoints and DNS: Microsoft.Network is not part of the twin.
    if (connection.mode === "twin") {
      checks.push({
        check: "private-network",
        env,
        status: "not-modelled",
        detail:
          "the twin models no Microsoft.Network: private endpoints and private DNS zones are not checked",
      });
    } else {
      record(
        "private-network",
        env,
        await privateNetwork(connection, arm, env),
        "private endpoints approved, DNS zones present",
      );
    }
  }

  // The audit ledger container's WORM policy, in each environment's storage (modules/storage creates both;
  // prod's is the shared ledger and locked).
  for (const purpose of options.envs) {
    const ledgerEnv = connection.env(purpose);
    const accountId = `${sub}/resourceGroups/${ledgerEnv.resourceGroups.ws}/providers/Microsoft.Storage/storageAccounts/${ledgerEnv.names.storageAccount}`;
    const policyId = `${accountId}/blobServices/default/containers/${LEDGER_CONTAINER}/immutabilityPolicies/default`;
    const got = await tryArm(() =>
      connection.arm(purpose).request<{ properties?: Record<string, unknown> }>({
        method: "GET",
        path: policyId,
        apiVersion: API_VERSIONS.storage,
      }),
    );
    const found: DoctorFinding[] = [];
    const fix = `${terraformApply(purpose)} (modules/storage: azurerm_storage_container_immutability_policy on ${LEDGER_CONTAINER})`;
    if (got.error) {
      found.push({
        check: "ledger-policy",
        env: purpose,
        message:
          got.error instanceof ArmError && got.error.status === 404
            ? `the ledger container ${LEDGER_CONTAINER} has no immutability policy: records can be overwritten and deleted`
            : `cannot read the ledger's immutability policy: ${got.error.message}`,
        fix,
        resourceIds: [policyId],
      });
    } else {
      const p = got.value?.properties ?? {};
      const wantLocked = ledgerEnv.tfvars.ledger_policy_locked !== false;
      const wantDays = ledgerEnv.tfvars.ledger_retention_days;
      const problems = [
        ...(p.allowProtectedAppendWrites !== true
          ? ["allowProtectedAppendWrites is not true (the ledger cannot append)"]
          : []),
        ...(p.allowProtectedAppendWritesAll === true
          ? ["allowProtectedAppendWritesAll is true (appends to block blobs too)"]
          : []),
        ...(wantLocked && p.state !== "Locked" ? [`state is ${String(p.state)}, tfvars want Locked`] : []),
        ...(typeof wantDays === "number" && p.immutabilityPeriodSinceCreationInDays !== wantDays
          ? [`retention is ${String(p.immutabilityPeriodSinceCreationInDays)} days, tfvars want ${wantDays}`]
          : []),
      ];
      for (const problem of problems)
        found.push({
          check: "ledger-policy",
          env: purpose,
          message: `ledger policy: ${problem}`,
          fix,
          resourceIds: [policyId],
        });
    }
    record("ledger-policy", purpose, found, "present, protected appends, as tfvars say");
  }

  // Reachability from here: ARM (already used), the prod blob endpoint, the prod registry's discovery URL.
  const reach: DoctorFinding[] = [];
  const target = options.envs.includes("prod") ? "prod" : first;
  const env = connection.env(target);
  if (subscription.error && !(subscription.error instanceof ArmError && subscription.error.status > 0))
    reach.push({
      check: "reachability",
      message: `ARM endpoint ${connection.armEndpoint} does not answer: ${subscription.error.message}`,
      fix: "allow outbound HTTPS to management.azure.com from this network (proxy, firewall)",
    });
  const account = await tryArm(() =>
    connection.arm(target).request<ArmResource>({
      method: "GET",
      path: `${sub}/resourceGroups/${env.resourceGroups.ws}/providers/Microsoft.Storage/storageAccounts/${env.names.storageAccount}`,
      apiVersion: API_VERSIONS.storage,
    }),
  );
  const blob = (account.value?.properties?.primaryEndpoints as { blob?: string } | undefined)?.blob;
  const blobProblem = blob ? await reachable(blob) : (account.error?.message ?? "no blob endpoint");
  if (blobProblem)
    reach.push({
      check: "reachability",
      env: target,
      message: `blob endpoint of ${env.names.storageAccount} is not reachable: ${blobProblem}`,
      fix: `run from a network with a route to the storage private endpoint (the ${target} VNet, a peered runner or VPN); public access is off by design`,
    });
  const reg = await tryArm(() =>
    connection.arm(target).registries.get(env.resourceGroups.reg, env.names.registry),
  );
  const discovery = (reg.value?.properties as { discoveryUrl?: string } | undefined)?.discoveryUrl;
  const regProblem = discovery ? await reachable(discovery) : (reg.error?.message ?? "no discoveryUrl");
  if (regProblem)
    reach.push({
      check: "reachability",
      env: target,
      message: `registry ${env.names.registry} endpoint is not reachable: ${regProblem}`,
      fix: `run from a network with a route to the registry's private endpoint (amlregistry, privatelink.api.azureml.ms) in the ${target} VNet`,
    });
  record("reachability", target, reach, `ARM, blob (${blob}) and registry (${discovery}) answer`);

  return {
    mode: connection.mode,
    subscriptionId: connection.subscriptionId,
    envs: [...options.envs],
    checks,
    findings,
    allowedOwners,
    ok: findings.length === 0,
  };
}

async function privateNetwork(
  connection: Connection,
  arm: ArmClient,
  env: Purpose,
): Promise<DoctorFinding[]> {
  const platform = connection.env(env);
  const sub = `/subscriptions/${connection.subscriptionId}`;
  const found: DoctorFinding[] = [];
  const fix = `${terraformApply(env)} (modules/private-endpoints, modules/dns)`;
  for (const scope of resourceGroupScopes(platform, connection.subscriptionId)) {
    const listed = await tryArm(() =>
      arm
        .list<ArmResource>(`${scope}/providers/Microsoft.Network/privateEndpoints`, {
          apiVersion: API_VERSIONS.privateEndpoints,
        })
        .toArray(),
    );
    if (listed.error) {
      found.push({
        check: "private-network",
        env,
        message: `cannot list private endpoints in ${scope}: ${listed.error.message}`,
        fix: `grant the caller Reader on ${scope}`,
      });
      continue;
    }
    for (const pe of listed.value ?? []) {
      const connections = (pe.properties?.privateLinkServiceConnections ?? []) as Array<{
        name?: string;
        properties?: { privateLinkServiceConnectionState?: { status?: string } };
      }>;
      for (const c of connections) {
        const status = c.properties?.privateLinkServiceConnectionState?.status;
        if (status !== "Approved")
          found.push({
            check: "private-network",
            env,
            message: `private endpoint ${pe.name} connection ${c.name} is ${status}`,
            fix: `approve it on the target resource (Networking → Private endpoint connections), or ${fix}`,
            resourceIds: [pe.id],
          });
      }
      if (pe.properties?.provisioningState !== undefined && pe.properties.provisioningState !== "Succeeded")
        found.push({
          check: "private-network",
          env,
          message: `private endpoint ${pe.name} is ${String(pe.properties.provisioningState)}`,
          fix,
          resourceIds: [pe.id],
        });
    }
  }
  const zonesScope = `${sub}/resourceGroups/${platform.resourceGroups.vnet}`;
  const zones = await tryArm(() =>
    arm
      .list<ArmResource>(`${zonesScope}/providers/Microsoft.Network/privateDnsZones`, {
        apiVersion: API_VERSIONS.privateDns,
      })
      .toArray(),
  );
  if (zones.error) {
    found.push({
      check: "private-network",
      env,
      message: `cannot list private DNS zones in ${zonesScope}: ${zones.error.message}`,
      fix: `grant the caller Reader on ${zonesScope}`,
    });
  } else {
    const have = new Set((zones.value ?? []).map((z) => z.name.toLowerCase()));
    for (const zone of platform.network.privateDnsZones)
      if (!have.has(zone.toLowerCase()))
        found.push({
          check: "private-network",
          env,
          message: `private DNS zone ${zone} is missing in ${platform.resourceGroups.vnet}`,
          fix,
          resourceIds: [`${zonesScope}/providers/Microsoft.Network/privateDnsZones/${zone}`],
        });
  }
  return found;
}
