/**
 * Schema conformance, offline: every azurerm type/argument/block the Terraform uses exists in the azurerm
 * 4.x schema extracted from @cdktn/provider-azurerm, required ones are present, azapi bodies match the
 * 2024-10-01 shapes; and a misspelling seeded into a copy is caught. Also: root variables equal the tfvars
 * schema's keys.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { after, describe, test } from "node:test";
import { blockSchema, parseBindings } from "../../src/infra/azurerm-schema-extract.ts";
import { checkConformance, loadSchemas } from "../../src/infra/schema-conformance.ts";
import { blocksOf, readTerraformTree } from "../../src/infra/terraform-files.ts";
import tfvarsSchema from "../../src/platform/tfvars.schema.json" with { type: "json" };
import { append, copyInfra, edit, INFRA_DIR } from "./fixture.ts";

describe("schema conformance", () => {
  const copies: Array<() => Promise<void>> = [];
  after(async () => {
    for (const cleanup of copies) await cleanup();
  });

  test("the repository's Terraform conforms to azurerm 4.x and the azapi 2024-10-01 shapes", async () => {
    const { azurerm, azapi } = await loadSchemas(INFRA_DIR);
    assert.equal(azurerm.provenance.package, "@cdktn/provider-azurerm");
    assert.match(azurerm.provenance.azurermVersion ?? "", /^4\.\d+\.\d+$/);
    assert.ok(Object.keys(azurerm.resources).length >= 20);
    assert.match(
      azapi.types["Microsoft.MachineLearningServices/registries@2024-10-01"]?.spec ?? "",
      /stable\/2024-10-01\/registries\.json$/,
    );
    assert.deepEqual(await checkConformance(INFRA_DIR), []);
  });

  test("every azurerm type used is in the extracted subset (the extractor was re-run after adding types)", async () => {
    const { azurerm } = await loadSchemas(INFRA_DIR);
    const used = blocksOf(await readTerraformTree(INFRA_DIR)).filter(
      (b) => b.kind === "resource" && b.type.startsWith("azurerm_"),
    );
    for (const block of used)
      assert.ok(azurerm.resources[block.type], `${block.type} missing from the subset`);
  });

  test("misspelt arguments, blocks, types, a missing required argument and a bad azapi body are each reported", async () => {
    const { dir, cleanup } = await copyInfra();
    copies.push(cleanup);
    await edit(
      dir,
      "modules/workspace/main.tf",
      "public_network_access_enabled  = false",
      "public_network_acess_enabled  = false",
    );
    await edit(
      dir,
      "modules/workspace/main.tf",
      "isolation_mode = var.isolation_mode",
      "isolaton_mode = var.isolation_mode",
    );
    await edit(dir, "modules/storage/main.tf", /\n\s*account_tier\s+=.*\n/, "\n");
    await edit(dir, "modules/keyvault/main.tf", "network_acls {", "network_acl {");
    await edit(
      dir,
      "modules/acr/main.tf",
      'resource "azurerm_container_registry"',
      'resource "azurerm_container_registy"',
    );
    await edit(
      dir,
      "environments/prod/providers.tf",
      "purge_soft_deleted_workspace_on_destroy",
      "purge_soft_deleted_workspaces_on_destroy",
    );
    await edit(
      dir,
      "modules/registry/main.tf",
      'publicNetworkAccess = "Disabled"',
      'publicNetworkAcess = "Disabled"',
    );
    await append(dir, "modules/network/main.tf", 'resource "azurerm_subnet" "extra" {\n  name = "x"\n}');
    const problems = (await checkConformance(dir, INFRA_DIR)).map((p) => `${p.file} ${p.message}`);
    const expect = (pattern: RegExp) =>
      assert.ok(
        problems.some((p) => pattern.test(p)),
        `${pattern} not in:\n${problems.join("\n")}`,
      );
    expect(/workspace\/main\.tf .*"public_network_acess_enabled" is not an argument/);
    expect(/workspace\/main\.tf .*managed_network: "isolaton_mode" is not an argument/);
    expect(/storage\/main\.tf .*required argument "account_tier" is missing/);
    expect(/keyvault\/main\.tf .*"network_acl" is not an argument or block/);
    expect(/acr\/main\.tf azurerm_container_registy is not in the extracted azurerm schema/);
    expect(/prod\/providers\.tf .*features\.machine_learning: "purge_soft_deleted_workspaces_on_destroy"/);
    expect(/registry\/main\.tf .*publicNetworkAcess: not a property of the 2024-10-01 REST shape/);
    expect(/network\/main\.tf .*subnet\.extra: required argument "resource_group_name" is missing/);
    assert.equal(problems.length, 9, problems.join("\n")); // the extra subnet also lacks virtual_network_name
  });

  test("the extractor reads required/optional arguments and nested blocks from generated bindings", () => {
    const dts = `export interface ThingConfig extends cdktn.TerraformMetaArguments {
    /**
    * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hashicorp/azurerm/4.73.0/docs/resources/thing#name Thing#name}
    */
    readonly name: string;
    /**
    * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hashicorp/azurerm/4.73.0/docs/resources/thing#tags Thing#tags}
    */
    readonly tags?: { [key: string]: string };
    /**
    * rules block
    *
    * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hashicorp/azurerm/4.73.0/docs/resources/thing#rules Thing#rules}
    */
    readonly rules?: ThingRules[] | cdktn.IResolvable;
}
export interface ThingRules {
    /**
    * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hashicorp/azurerm/4.73.0/docs/resources/thing#action Thing#action}
    */
    readonly action: string;
}`;
    assert.deepEqual(blockSchema(parseBindings(dts), "ThingConfig"), {
      arguments: { name: { required: true }, tags: { required: false } },
      blocks: { rules: { required: false, arguments: { action: { required: true } }, blocks: {} } },
    });
  });
});

describe("root variables and the tfvars schema", () => {
  test("every root variable is a tfvars schema key and every schema key is a root variable, in both roots", async () => {
    const blocks = blocksOf(await readTerraformTree(INFRA_DIR));
    const schemaKeys = Object.keys(tfvarsSchema.properties).sort();
    for (const purpose of ["dev", "prod"]) {
      const variables = blocks
        .filter((b) => b.kind === "variable" && b.dir === `environments/${purpose}`)
        .map((b) => b.name)
        .sort();
      assert.deepEqual(
        variables,
        schemaKeys,
        `environments/${purpose}/variables.tf vs src/platform/tfvars.schema.json`,
      );
      const required = blocks
        .filter((b) => b.kind === "variable" && b.dir === `environments/${purpose}` && !("default" in b.body))
        .map((b) => b.name);
      for (const key of tfvarsSchema.required)
        assert.ok(required.includes(key), `${key} is required in the schema, so it has no default`);
    }
  });

  test("the two roots differ only in their environment", async () => {
    for (const file of ["variables.tf", "versions.tf", "providers.tf", "main.tf", "outputs.tf"]) {
      const dev = await readFile(path.join(INFRA_DIR, "environments/dev", file), "utf8");
      const prod = await readFile(path.join(INFRA_DIR, "environments/prod", file), "utf8");
      assert.equal(prod, dev.replaceAll("dev", "prod"), `environments/{dev,prod}/${file}`);
    }
  });
});
