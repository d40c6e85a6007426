/**
 * @module infra/azurerm-schema-extract
 * Re-runnable: `npx node src/infra/azurerm-schema-extract.ts [--package-dir <dir>]`. Extracts, from the
 * prebuilt azurerm bindings on npm (@cdktn/provider-azurerm, generated from the azurerm 4.x schema), the
 * arguments and blocks of every azurerm resource/data type the infra folder uses plus the provider's own
 * configuration, and writes infra/schema/azurerm-schema.subset.json with provenance. The package is large
 * (hundreds of MB unpacked), so it is fetched with `npm pack` into a temp folder, never installed.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DEFAULT_INFRA_DIR } from "../platform/model.ts";
import { type AzurermSchemaSubset, SCHEMA_SUBSET_FILE, type SchemaBlock } from "./schema-conformance.ts";
import { blocksOf, readTerraformTree } from "./terraform-files.ts";

export const SCHEMA_PACKAGE = "@cdktn/provider-azurerm@16.1.0";

interface ParsedProperty {
  tfName: string;
  required: boolean;
  typeText: string;
}

/** Parses one generated `index.d.ts`: interface name → its properties with Terraform names. */
export function parseBindings(dts: string): Map<string, ParsedProperty[]> {
  const interfaces = new Map<string, ParsedProperty[]>();
  const interfacePattern = /export interface (\w+)(?: extends [\w.]+)? \{([\s\S]*?)\n\}/g;
  const propertyPattern =
    /\{@link https:\/\/registry\.terraform\.io\/[^\s#]+#(\w+) [^}]*\}[\s\S]*?\*\/\s*readonly (\w+)(\?)?: ([^;]+);/g;
  for (const match of dts.matchAll(interfacePattern)) {
    const properties: ParsedProperty[] = [];
    for (const p of match[2]!.matchAll(propertyPattern))
      properties.push({ tfName: p[1]!, required: p[3] !== "?", typeText: p[4]! });
    interfaces.set(match[1]!, properties);
  }
  return interfaces;
}

/** Builds one block's schema from its interface, following nested interfaces for blocks. */
export function blockSchema(interfaces: Map<string, ParsedProperty[]>, name: string, depth = 0): SchemaBlock {
  const block: SchemaBlock = { arguments: {}, blocks: {} };
  for (const property of interfaces.get(name) ?? []) {
    const nested = property.typeText
      .split("|")
      .map((t) => t.trim().replace(/\[\]$/, ""))
      .find((t) => interfaces.has(t));
    if (nested && depth < 6) {
      block.blocks[property.tfName] = {
        required: property.required,
        ...blockSchema(interfaces, nested, depth + 1),
      };
    } else if (property.tfName !== "id") {
      block.arguments[property.tfName] = { required: property.required };
    }
  }
  return block;
}

function bindingFolder(libDir: string, kind: "resource" | "data", type: string): string {
  const base = type.replace(/^azurerm_/, "").replaceAll("_", "-");
  return path.join(libDir, kind === "data" ? `data-azurerm-${base}` : base);
}

async function main(): Promise<void> {
  const argIndex = process.argv.indexOf("--package-dir");
  let packageDir = argIndex > 0 ? process.argv[argIndex + 1] : undefined;
  let scratch: string | undefined;
  if (!packageDir) {
    scratch = mkdtempSync(path.join(tmpdir(), "airlock-azurerm-schema-"));
    process.stderr.write(`npm pack ${SCHEMA_PACKAGE} …\n`);
    execFileSync("npm", ["pack", SCHEMA_PACKAGE, "--pack-destination", scratch, "--silent"], {
      stdio: ["ignore", "ignore", "inherit"],
    });
    const tarball = readdirSync(scratch).find((f) => f.endsWith(".tgz"))!;
    execFileSync("tar", ["xzf", path.join(scratch, tarball), "-C", scratch]);
    packageDir = path.join(scratch, "package");
  }
  try {
    const pkg = JSON.parse(readFileSync(path.join(packageDir, "package.json"), "utf8")) as {
      name: string;
      version: string;
      cdktf?: { provider?: { version?: string } };
    };
    const providerText = readFileSync(path.join(packageDir, "lib/provider/index.d.ts"), "utf8");
    const providerVersion = /hashicorp\/azurerm\/(\d+\.\d+\.\d+)\//.exec(providerText)?.[1] ?? "unknown";
    const blocks = blocksOf(await readTerraformTree(DEFAULT_INFRA_DIR));
    const used = new Set(
      blocks
        .filter((b) => (b.kind === "resource" || b.kind === "data") && b.type.startsWith("azurerm_"))
        .map((b) => `${b.kind}:${b.type}`),
    );
    const subset: AzurermSchemaSubset = {
      provenance: {
        package: pkg.name,
        packageVersion: pkg.version,
        azurermVersion: providerVersion,
        generatedBy: "src/infra/azurerm-schema-extract.ts",
        note: "Arguments and blocks of the azurerm types the infra folder uses, from the package's generated bindings (required = not optional there). Re-run the script after using a new type.",
      },
      provider: blockSchema(parseBindings(providerText), "AzurermProviderConfig"),
      resources: {},
      data: {},
    };
    for (const key of [...used].sort()) {
      const [kind, type] = key.split(":") as ["resource" | "data", string];
      const folder = bindingFolder(path.join(packageDir, "lib"), kind, type);
      const dts = readFileSync(path.join(folder, "index.d.ts"), "utf8");
      const js = readFileSync(path.join(folder, "index.js"), "utf8");
      if (!js.includes(`tfResourceType = "${type}"`)) throw new Error(`${folder} is not ${type}`);
      const interfaces = parseBindings(dts);
      const config = [...interfaces.keys()].find(
        (name) => name.endsWith("Config") && !name.includes("Timeouts"),
      );
      if (!config) throw new Error(`no config interface for ${type}`);
      (kind === "data" ? subset.data : subset.resources)[type] = blockSchema(interfaces, config);
    }
    writeFileSync(path.join(DEFAULT_INFRA_DIR, SCHEMA_SUBSET_FILE), `${JSON.stringify(subset, null, 2)}\n`);
    process.stderr.write(
      `wrote infra/${SCHEMA_SUBSET_FILE}: ${used.size} types from ${pkg.name}@${pkg.version} (azurerm ${providerVersion})\n`,
    );
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}

if (import.meta.main) await main();
