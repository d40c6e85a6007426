/** @module cli/commands/platform — `airlock platform show`. */
import { InputError } from "../../errors.ts";
import {
  type EnvironmentPlatform,
  expectedAssignments,
  loadPlatform,
  PURPOSES,
  type Purpose,
  TWIN_SUBSCRIPTION_ID,
} from "../../platform/index.ts";
import { printResult } from "../output.ts";

export async function platformShow(options: {
  env?: string;
  infraDir?: string;
  json?: boolean;
}): Promise<void> {
  if (options.env !== undefined && !PURPOSES.includes(options.env as Purpose)) {
    throw new InputError("ARG_INVALID", `--env must be dev or prod, not "${options.env}"`);
  }
  const platform = await loadPlatform({ infraDir: options.infraDir });
  const selected = PURPOSES.filter((p) => !options.env || p === options.env).map(
    (p) => platform.environments[p],
  );
  const subscriptionId = process.env.AIRLOCK_SUBSCRIPTION_ID ?? TWIN_SUBSCRIPTION_ID;
  const view = selected.map((env) => ({
    purpose: env.purpose,
    tfvars: env.tfvarsPath,
    location: env.location,
    enableAutoPurge: env.enableAutoPurge,
    humanRegistryAccess: env.humanRegistryAccess,
    humanProdAccess: env.humanProdAccess,
    workspaceIsolationMode: env.workspaceIsolationMode,
    resourceGroups: env.resourceGroups,
    names: env.names,
    network: env.network,
    tags: env.tags,
    roleAssignments: expectedAssignments(env, subscriptionId).map((a) => ({
      principal: a.principalName,
      principalType: a.principalType,
      role: a.roleName,
      scope: a.scope,
    })),
  }));
  printResult(options, options.env ? view[0] : { subscriptionId, environments: view }, () =>
    selected.map((env) => renderEnvironment(env, subscriptionId)).join("\n"),
  );
}

function renderEnvironment(env: EnvironmentPlatform, subscriptionId: string): string {
  const lines = [`${env.purpose}  (${env.tfvarsPath})`];
  lines.push(`  location            ${env.location}`, `  auto purge          ${env.enableAutoPurge}`);
  lines.push(`  human registry role ${env.humanRegistryAccess}`);
  lines.push(`  human prod access   ${env.humanProdAccess}`);
  lines.push("  resource groups");
  for (const [key, name] of Object.entries(env.resourceGroups)) lines.push(`    ${key.padEnd(18)}${name}`);
  lines.push("  resources");
  for (const [key, name] of Object.entries(env.names)) {
    if (typeof name === "string") lines.push(`    ${key.padEnd(32)}${name}`);
    else for (const [sub, pe] of Object.entries(name)) lines.push(`    ${`${key}.${sub}`.padEnd(32)}${pe}`);
  }
  lines.push(
    "  network",
    `    vnet ${env.network.vnetAddressSpace}   subnet ${env.network.subnetAddressPrefix}`,
  );
  lines.push(`    private DNS zones: ${env.network.privateDnsZones.join(", ")}`);
  const assignments = expectedAssignments(env, subscriptionId);
  lines.push(`  role assignments (${assignments.length})`);
  for (const a of assignments) {
    const scope = a.scope.replace(`/subscriptions/${subscriptionId}/resourceGroups/`, "");
    lines.push(`    ${a.principalName.padEnd(28)}${a.roleName.padEnd(48)}${scope}`);
  }
  return lines.join("\n");
}
