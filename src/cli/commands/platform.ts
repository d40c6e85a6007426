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
  // One shape with or without --env (environments holds one or both).
  printResult(options, { subscriptionId, environments: view }, () =>
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
  // Column widths from the longest entry, so no name runs into its value.
  const resources: [string, string][] = Object.entries(env.names).flatMap(([key, name]) =>
    typeof name === "string"
      ? [[key, name] as [string, string]]
      : Object.entries(name as Record<string, string>).map(
          ([sub, pe]) => [`${key}.${sub}`, pe] as [string, string],
        ),
  );
  const keyWidth = Math.max(...resources.map(([key]) => key.length)) + 2;
  for (const [key, name] of resources) lines.push(`    ${key.padEnd(keyWidth)}${name}`);
  lines.push(
    "  network",
    `    vnet ${env.network.vnetAddressSpace}   subnet ${env.network.subnetAddressPrefix}`,
  );
  lines.push(`    private DNS zones: ${env.network.privateDnsZones.join(", ")}`);
  const assignments = expectedAssignments(env, subscriptionId);
  lines.push(`  role assignments (${assignments.length})`);
  const principalWidth = Math.max(...assignments.map((a) => a.principalName.length)) + 2;
  const roleWidth = Math.max(...assignments.map((a) => a.roleName.length)) + 2;
  for (const a of assignments) {
    const scope = a.scope.replace(`/subscriptions/${subscriptionId}/resourceGroups/`, "");
    lines.push(`    ${a.principalName.padEnd(principalWidth)}${a.roleName.padEnd(roleWidth)}${scope}`);
  }
  return lines.join("\n");
}
