/**
 * @module platform/model
 * The platform model: the two environments' terraform.tfvars → every name, placement, network plan and
 * the concrete RBAC assignments. Terraform, the twin and the verifier all derive from this.
 */
import { createHash, randomUUID } from "node:crypto";
import { readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { InputError } from "../errors.ts";
import { privateCacheDir } from "../user-cache.js";
import { type Cidr, contains, overlaps, parseCidr } from "./cidr.ts";
import { compileSchema, describeSchemaErrors } from "./schema.ts";
import tfvarsSchema from "./tfvars.schema.json" with { type: "json" };

export const PURPOSES = ["dev", "prod"] as const;
export type Purpose = (typeof PURPOSES)[number];
export type HumanRegistryAccess = "read-only" | "literal-matrix";
/** Roles of people on the prod workspace and storage (errata 11-12); literal-matrix is a flagged gate bypass. */
export type HumanProdAccess = "least-privilege" | "literal-matrix";

/** The repository root (this file is src/platform/model.ts). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const DEFAULT_INFRA_DIR = path.join(REPO_ROOT, "infra");

/** The subscription the local twin serves; Azure mode takes the real one from tfvars or flags. */
export const TWIN_SUBSCRIPTION_ID = "c0ffee00-0000-4000-8000-00000000a11c";

/** Prefixes the strategy's table does not name (errata 9 and companions), in the table's style. */
export const EXTRA_PREFIXES = {
  application_insights: "amlappi",
  network_security_group: "nsg-aml",
  compute_cluster: "cpu",
  compute_instance: "ci",
  private_endpoint: "pe",
} as const;

export const PRIVATE_DNS_ZONES = [
  "privatelink.api.azureml.ms",
  "privatelink.notebooks.azure.net",
  "privatelink.blob.core.windows.net",
  "privatelink.file.core.windows.net",
  "privatelink.vaultcore.azure.net",
  "privatelink.azurecr.io",
] as const;

export interface Tfvars {
  prefix: string;
  resource_prefixes: {
    vnet: string;
    subnet: string;
    workspace: string;
    registry: string;
    storage: string;
    container_registry: string;
    key_vault: string;
    log_analytics: string;
  };
  purpose: Purpose;
  location: string;
  location_code: string;
  random_string: string;
  enable_auto_purge: boolean;
  vnet_address_space: string;
  subnet_address_prefix: string;
  tags: Record<string, string>;
  human_registry_access?: HumanRegistryAccess;
  human_prod_access?: HumanProdAccess;
  ledger_retention_days?: number;
  ledger_policy_locked?: boolean;
  workspace_isolation_mode?: string;
  subscription_id?: string;
  [optional: string]: unknown;
}

export type ResourceGroupKey = "vnet" | "ws" | "reg";

export interface EnvironmentNames {
  vnet: string;
  subnet: string;
  networkSecurityGroup: string;
  workspace: string;
  registry: string;
  storageAccount: string;
  containerRegistry: string;
  keyVault: string;
  logAnalytics: string;
  applicationInsights: string;
  workspaceIdentity: string;
  computeIdentity: string;
  computeCluster: string;
  computeInstance: string;
  /** The twin's name for the registry's system-created storage account (Azure picks its own). */
  registryStorageAccount: string;
  privateEndpoints: {
    workspace: string;
    registry: string;
    storageBlob: string;
    storageFile: string;
    keyVault: string;
    containerRegistry: string;
  };
}

export interface EnvironmentPlatform {
  purpose: Purpose;
  tfvarsPath: string;
  tfvars: Tfvars;
  location: string;
  locationCode: string;
  enableAutoPurge: boolean;
  humanRegistryAccess: HumanRegistryAccess;
  humanProdAccess: HumanProdAccess;
  workspaceIsolationMode: string;
  tags: Record<string, string>;
  resourceGroups: Record<ResourceGroupKey, string>;
  names: EnvironmentNames;
  network: { vnetAddressSpace: string; subnetAddressPrefix: string; privateDnsZones: readonly string[] };
}

export interface Platform {
  infraDir: string;
  environments: Record<Purpose, EnvironmentPlatform>;
}

const validateTfvars = compileSchema<Tfvars>(tfvarsSchema);

/** Reads and validates both environments; every problem in every file is reported at once. */
export async function loadPlatform(options: { infraDir?: string } = {}): Promise<Platform> {
  const infraDir = path.resolve(options.infraDir ?? process.env.AIRLOCK_INFRA_DIR ?? DEFAULT_INFRA_DIR);
  const problems: string[] = [];
  const loaded = await Promise.all(
    PURPOSES.map((purpose) => loadEnvironmentTfvars(infraDir, purpose, problems)),
  );
  const environments = {} as Record<Purpose, EnvironmentPlatform>;
  for (const [index, purpose] of PURPOSES.entries()) {
    const entry = loaded[index];
    if (entry) environments[purpose] = deriveEnvironment(entry.file, entry.tfvars);
  }
  if (problems.length === 0) checkAcrossEnvironments(environments, problems);
  if (problems.length > 0) {
    throw new InputError(
      "PLATFORM_INVALID",
      `Invalid platform configuration:\n  - ${problems.join("\n  - ")}`,
      {
        problems,
      },
    );
  }
  return { infraDir, environments };
}

async function loadEnvironmentTfvars(
  infraDir: string,
  purpose: Purpose,
  problems: string[],
): Promise<{ file: string; tfvars: Tfvars } | undefined> {
  const file = path.join(infraDir, "environments", purpose, "terraform.tfvars");
  const shown = path.relative(process.cwd(), file) || file;
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    problems.push(`${shown}: file not found`);
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = await parseTfvars(shown, text);
  } catch (error) {
    problems.push(`${shown}: not valid HCL: ${(error as Error).message}`);
    return undefined;
  }
  if (!validateTfvars(parsed)) {
    for (const problem of describeSchemaErrors(validateTfvars.errors)) problems.push(`${shown}: ${problem}`);
    return undefined;
  }
  const tfvars = parsed;
  const before = problems.length;
  if (tfvars.purpose !== purpose) {
    problems.push(`${shown}: purpose: is "${tfvars.purpose}" but the file is the ${purpose} environment's`);
  }
  if (tfvars.tags.environment !== tfvars.purpose) {
    problems.push(`${shown}: tags.environment: must equal purpose ("${tfvars.purpose}")`);
  }
  if (tfvars.purpose === "prod" && tfvars.enable_auto_purge) {
    problems.push(
      `${shown}: enable_auto_purge: must be false for prod (purging soft-deleted prod resources on destroy loses data irrecoverably)`,
    );
  }
  if (tfvars.purpose === "prod" && tfvars.ledger_policy_locked === false) {
    problems.push(
      `${shown}: ledger_policy_locked: must be true for prod (an unlocked retention policy on the audit ledger can be deleted, and the ledger rewritten, by its account's owners)`,
    );
  }
  const vnet = parseCidr(tfvars.vnet_address_space);
  const subnet = parseCidr(tfvars.subnet_address_prefix);
  if (typeof vnet === "string") problems.push(`${shown}: vnet_address_space: ${vnet}`);
  if (typeof subnet === "string") problems.push(`${shown}: subnet_address_prefix: ${subnet}`);
  if (typeof vnet !== "string" && typeof subnet !== "string" && !contains(vnet, subnet)) {
    problems.push(
      `${shown}: subnet_address_prefix: ${subnet.text} is outside vnet_address_space ${vnet.text}`,
    );
  }
  for (const problem of checkNameLimits(deriveNames(tfvars))) problems.push(`${shown}: ${problem}`);
  return problems.length === before ? { file, tfvars } : undefined;
}

/**
 * HCL → JSON through @cdktn/hcl2json (Terraform's own parser compiled to WebAssembly). Loading that runtime
 * costs ~0.3 s and ~60 MB, so results are cached by the file's sha256 in this user's private cache
 * (src/user-cache.js): a tfvars file that did not change is never parsed twice by this user on this machine.
 * Without a private cache folder nothing is cached.
 */
async function parseTfvars(shown: string, text: string): Promise<unknown> {
  const key = createHash("sha256").update(`hcl2json/1\n${text}`).digest("hex");
  const cacheDir = privateCacheDir("tfvars");
  const cacheFile = cacheDir && path.join(cacheDir, `${key}.json`);
  if (cacheFile) {
    try {
      return JSON.parse(await readFile(cacheFile, "utf8"));
    } catch {
      // not cached yet
    }
  }
  const { parse } = await import("@cdktn/hcl2json");
  const parsed = await parse(shown, text);
  if (cacheFile) {
    const partial = `${cacheFile}.${process.pid}.${randomUUID()}`;
    await writeFile(partial, JSON.stringify(parsed), { mode: 0o600, flag: "wx" });
    await rename(partial, cacheFile);
  }
  return parsed;
}

/** The name of a resource: `<resource prefix><purpose><location code><random string>`, as the strategy shows. */
export function resourceName(
  resourcePrefix: string,
  tfvars: Pick<Tfvars, "purpose" | "location_code" | "random_string">,
): string {
  return `${resourcePrefix}${tfvars.purpose}${tfvars.location_code}${tfvars.random_string}`;
}

export function deriveNames(tfvars: Tfvars): EnvironmentNames {
  const p = tfvars.resource_prefixes;
  const name = (prefix: string) => resourceName(prefix, tfvars);
  const storageAccount = name(p.storage);
  return {
    vnet: name(p.vnet),
    subnet: name(p.subnet),
    networkSecurityGroup: name(EXTRA_PREFIXES.network_security_group),
    workspace: name(p.workspace),
    registry: name(p.registry),
    storageAccount,
    containerRegistry: name(p.container_registry),
    keyVault: name(p.key_vault),
    logAnalytics: name(p.log_analytics),
    applicationInsights: name(EXTRA_PREFIXES.application_insights),
    workspaceIdentity: `${tfvars.purpose}-mi-workspace`,
    computeIdentity: `${tfvars.purpose}-mi-compute`,
    computeCluster: `${EXTRA_PREFIXES.compute_cluster}-${tfvars.purpose}-${tfvars.location_code}${tfvars.random_string}`,
    computeInstance: `${EXTRA_PREFIXES.compute_instance}-${tfvars.prefix}${tfvars.purpose}${tfvars.location_code}${tfvars.random_string}`,
    registryStorageAccount: `${name(p.registry)}st`.slice(0, 24),
    privateEndpoints: {
      workspace: `${EXTRA_PREFIXES.private_endpoint}-${name(p.workspace)}`,
      registry: `${EXTRA_PREFIXES.private_endpoint}-${name(p.registry)}`,
      storageBlob: `${EXTRA_PREFIXES.private_endpoint}-${storageAccount}-blob`,
      storageFile: `${EXTRA_PREFIXES.private_endpoint}-${storageAccount}-file`,
      keyVault: `${EXTRA_PREFIXES.private_endpoint}-${name(p.key_vault)}`,
      containerRegistry: `${EXTRA_PREFIXES.private_endpoint}-${name(p.container_registry)}`,
    },
  };
}

export function resourceGroupNames(tfvars: Tfvars): Record<ResourceGroupKey, string> {
  const suffix = `${tfvars.purpose}-${tfvars.location_code}${tfvars.random_string}`;
  return {
    vnet: `rg-${tfvars.prefix}-vnet-${suffix}`,
    ws: `rg-${tfvars.prefix}-ws-${suffix}`,
    reg: `rg-${tfvars.prefix}-reg-${suffix}`,
  };
}

/** Azure's naming limits for the resources whose names the model derives. */
const NAME_RULES: ReadonlyArray<{
  key: keyof EnvironmentNames;
  label: string;
  pattern: RegExp;
  rule: string;
}> = [
  {
    key: "storageAccount",
    label: "storage account",
    pattern: /^[a-z0-9]{3,24}$/,
    rule: "3-24 lowercase letters and digits",
  },
  {
    key: "registryStorageAccount",
    label: "registry storage account",
    pattern: /^[a-z0-9]{3,24}$/,
    rule: "3-24 lowercase letters and digits",
  },
  {
    key: "keyVault",
    label: "key vault",
    pattern: /^(?!.*--)[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/,
    rule: "3-24 letters, digits and single hyphens, starting with a letter and ending with a letter or digit",
  },
  {
    key: "workspace",
    label: "workspace",
    pattern: /^[a-zA-Z0-9][a-zA-Z0-9_-]{2,32}$/,
    rule: "3-33 letters, digits, hyphens and underscores, starting with a letter or digit",
  },
  {
    key: "registry",
    label: "registry",
    pattern: /^[a-zA-Z0-9][a-zA-Z0-9_-]{2,32}$/,
    rule: "3-33 letters, digits, hyphens and underscores, starting with a letter or digit",
  },
  {
    key: "containerRegistry",
    label: "container registry",
    pattern: /^[a-zA-Z0-9]{5,50}$/,
    rule: "5-50 letters and digits",
  },
  {
    key: "logAnalytics",
    label: "Log Analytics workspace",
    pattern: /^[a-zA-Z0-9][a-zA-Z0-9-]{2,61}[a-zA-Z0-9]$/,
    rule: "4-63 letters, digits and hyphens, starting and ending with a letter or digit",
  },
  {
    key: "vnet",
    label: "virtual network",
    pattern: /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}[a-zA-Z0-9_]$/,
    rule: "2-64 letters, digits, '_', '.', '-'",
  },
  {
    key: "subnet",
    label: "subnet",
    pattern: /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,78}[a-zA-Z0-9_]$/,
    rule: "1-80 letters, digits, '_', '.', '-'",
  },
  {
    key: "computeCluster",
    label: "compute cluster",
    pattern: /^[a-zA-Z][a-zA-Z0-9-]{1,15}$/,
    rule: "2-16 letters, digits and hyphens, starting with a letter",
  },
  {
    key: "computeInstance",
    label: "compute instance",
    pattern: /^[a-zA-Z][a-zA-Z0-9-]{2,23}$/,
    rule: "3-24 letters, digits and hyphens, starting with a letter",
  },
];

const PREFIX_KEY_OF: Partial<Record<keyof EnvironmentNames, string>> = {
  storageAccount: "resource_prefixes.storage",
  registryStorageAccount: "resource_prefixes.registry",
  keyVault: "resource_prefixes.key_vault",
  workspace: "resource_prefixes.workspace",
  registry: "resource_prefixes.registry",
  containerRegistry: "resource_prefixes.container_registry",
  logAnalytics: "resource_prefixes.log_analytics",
  vnet: "resource_prefixes.vnet",
  subnet: "resource_prefixes.subnet",
  computeCluster: "location_code",
  computeInstance: "prefix",
};

export function checkNameLimits(names: EnvironmentNames): string[] {
  const problems: string[] = [];
  for (const { key, label, pattern, rule } of NAME_RULES) {
    const value = names[key];
    if (typeof value === "string" && !pattern.test(value)) {
      problems.push(
        `${PREFIX_KEY_OF[key] ?? key}: gives the ${label} name "${value}", which breaks Azure's limit (${rule})`,
      );
    }
  }
  return problems;
}

function deriveEnvironment(file: string, tfvars: Tfvars): EnvironmentPlatform {
  return {
    purpose: tfvars.purpose,
    tfvarsPath: file,
    tfvars,
    location: tfvars.location,
    locationCode: tfvars.location_code,
    enableAutoPurge: tfvars.enable_auto_purge,
    humanRegistryAccess: tfvars.human_registry_access ?? "read-only",
    humanProdAccess: tfvars.human_prod_access ?? "least-privilege",
    workspaceIsolationMode: tfvars.workspace_isolation_mode ?? "AllowOnlyApprovedOutbound",
    tags: tfvars.tags,
    resourceGroups: resourceGroupNames(tfvars),
    names: deriveNames(tfvars),
    network: {
      vnetAddressSpace: tfvars.vnet_address_space,
      subnetAddressPrefix: tfvars.subnet_address_prefix,
      privateDnsZones: PRIVATE_DNS_ZONES,
    },
  };
}

/** Isolation across the two environments: nothing named alike, no overlapping address space. */
function checkAcrossEnvironments(
  environments: Record<Purpose, EnvironmentPlatform>,
  problems: string[],
): void {
  const { dev, prod } = environments;
  const shown = (env: EnvironmentPlatform) => path.relative(process.cwd(), env.tfvarsPath) || env.tfvarsPath;
  const cidrs = (env: EnvironmentPlatform) =>
    [parseCidr(env.network.vnetAddressSpace), parseCidr(env.network.subnetAddressPrefix)] as [Cidr, Cidr];
  const [devVnet] = cidrs(dev);
  const [prodVnet] = cidrs(prod);
  if (overlaps(devVnet, prodVnet)) {
    problems.push(
      `${shown(prod)}: vnet_address_space: ${prodVnet.text} overlaps the dev VNet ${devVnet.text} (${shown(dev)}); the environments must not share address space`,
    );
  }
  const devNames = new Map<string, string>();
  for (const [key, value] of flattenNames(dev)) devNames.set(value.toLowerCase(), key);
  for (const [key, value] of flattenNames(prod)) {
    const clash = devNames.get(value.toLowerCase());
    if (clash)
      problems.push(
        `${shown(prod)}: ${key}: "${value}" is also a dev name (${clash}); nothing may be shared`,
      );
  }
}

function flattenNames(env: EnvironmentPlatform): Array<[string, string]> {
  const entries: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(env.names)) {
    if (typeof value === "string") entries.push([key, value]);
    else
      for (const [sub, name] of Object.entries(value as Record<string, string>))
        entries.push([`${key}.${sub}`, name]);
  }
  for (const [key, value] of Object.entries(env.resourceGroups))
    entries.push([`resourceGroups.${key}`, value]);
  return entries;
}
