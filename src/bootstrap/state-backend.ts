/**
 * @module bootstrap/state-backend
 * Where each root keeps its Terraform state: the `backend "azurerm"` block of
 * infra/environments/<env>/versions.tf, read rather than re-derived so bootstrap creates exactly what
 * `terraform init` will look for.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { InputError } from "../errors.ts";
import type { Purpose } from "../platform/index.ts";

export interface StateBackend {
  resourceGroup: string;
  storageAccount: string;
  container: string;
  key: string;
}

export async function stateBackend(infraDir: string, purpose: Purpose): Promise<StateBackend> {
  const file = path.join(infraDir, "environments", purpose, "versions.tf");
  const text = await readFile(file, "utf8").catch(() => {
    throw new InputError("BACKEND_NOT_FOUND", `${file} does not exist`);
  });
  const block = /backend\s+"azurerm"\s*\{([^}]*)\}/.exec(text)?.[1];
  const value = (key: string) => {
    const found = block && new RegExp(`^\\s*${key}\\s*=\\s*"([^"]+)"`, "m").exec(block)?.[1];
    if (!found)
      throw new InputError("BACKEND_INVALID", `${file}: the azurerm backend block has no ${key} string`);
    return found;
  };
  return {
    resourceGroup: value("resource_group_name"),
    storageAccount: value("storage_account_name"),
    container: value("container_name"),
    key: value("key"),
  };
}
