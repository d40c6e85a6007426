/**
 * @module bootstrap/providers
 * The resource providers the Terraform in infra/ needs registered, derived from the resource types it
 * declares: azurerm types through the table below, azapi types from their `Microsoft.X/…@version` string.
 * The deployment identities hold roles on resource groups only, so they cannot register providers
 * themselves (the roots set `resource_provider_registrations = "none"`): bootstrap registers them once.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { InputError } from "../errors.ts";

/** azurerm resource type prefix → provider namespace (longest prefix wins); null: no ARM resource. */
const AZURERM_NAMESPACES: Array<[string, string | null]> = [
  ["azurerm_client_config", null],
  ["azurerm_resource_group", "Microsoft.Resources"],
  ["azurerm_role_", "Microsoft.Authorization"],
  ["azurerm_storage_", "Microsoft.Storage"],
  ["azurerm_virtual_network", "Microsoft.Network"],
  ["azurerm_subnet", "Microsoft.Network"],
  ["azurerm_network_security_group", "Microsoft.Network"],
  ["azurerm_private_endpoint", "Microsoft.Network"],
  ["azurerm_private_dns_", "Microsoft.Network"],
  ["azurerm_user_assigned_identity", "Microsoft.ManagedIdentity"],
  ["azurerm_monitor_", "Microsoft.Insights"],
  ["azurerm_application_insights", "Microsoft.Insights"],
  ["azurerm_log_analytics_", "Microsoft.OperationalInsights"],
  ["azurerm_key_vault", "Microsoft.KeyVault"],
  ["azurerm_container_registry", "Microsoft.ContainerRegistry"],
  ["azurerm_machine_learning_", "Microsoft.MachineLearningServices"],
  ["azurerm_consumption_", "Microsoft.Consumption"],
  ["azurerm_eventgrid_", "Microsoft.EventGrid"],
];

/** The namespace of one azurerm type; throws for a type the table does not know (extend the table). */
export function azurermNamespace(type: string): string | null {
  const match = AZURERM_NAMESPACES.filter(([prefix]) => type.startsWith(prefix)).sort(
    (a, b) => b[0].length - a[0].length,
  )[0];
  if (!match)
    throw new InputError(
      "PROVIDER_UNKNOWN_TYPE",
      `infra uses ${type}, whose resource provider src/bootstrap/providers.ts does not know: add it to AZURERM_NAMESPACES`,
    );
  return match[1];
}

// Read synchronously: a hundred small files, where a promise round trip per file cost more than the read.
function terraformFiles(dir: string): string[] {
  const entries = readdirSync(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && !entry.name.startsWith(".")) files.push(...terraformFiles(full));
    else if (entry.isFile() && entry.name.endsWith(".tf")) files.push(full);
  }
  return files.sort();
}

/** Every provider namespace infra/ declares resources (or data sources) of, sorted. */
export async function requiredProviders(infraDir: string): Promise<string[]> {
  const namespaces = new Set<string>();
  for (const file of terraformFiles(infraDir)) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/^\s*(?:resource|data)\s+"(azurerm_[a-z0-9_]+)"/gm)) {
      const namespace = azurermNamespace(m[1]!);
      if (namespace) namespaces.add(namespace);
    }
    for (const m of text.matchAll(/\btype\s*=\s*"(Microsoft\.[A-Za-z]+)\/[^"@]+@[^"]+"/g))
      namespaces.add(m[1]!);
  }
  return [...namespaces].sort();
}
