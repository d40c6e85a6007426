/**
 * @module governance/evidence-pack/trust
 * The one thing `evidence verify` trusts: an approvers registry — governance/approvers.yml as committed in this
 * repository (signing/registry.ts refuses a working-tree copy that differs), or a registry file the auditor names
 * (`--approvers`), read as it is on disk: the auditor chose it.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { InputError, NotFoundError } from "../../errors.ts";
import { REPO_ROOT } from "../../platform/index.ts";
import { type ApproversRegistry, loadApproversRegistry, parseApproversRegistry } from "../signing/index.ts";

export async function loadPackRegistry(file?: string): Promise<ApproversRegistry> {
  if (file === undefined) return loadApproversRegistry({ repoRoot: REPO_ROOT });
  const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT")
      throw new NotFoundError("APPROVERS_REGISTRY_NOT_FOUND", `approvers registry not found: ${file}`, {
        file,
      });
    throw new InputError("APPROVERS_REGISTRY_INVALID", `cannot read ${file}: ${error.message}`, { file });
  });
  const digest = `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
  return parseApproversRegistry(bytes.toString("utf8"), path.resolve(file), digest);
}

/** The pack's bytes; a missing file is NOT_FOUND (4), not a failed verification. */
export async function readPackFile(file: string): Promise<Buffer> {
  return readFile(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT")
      throw new NotFoundError("EVIDENCE_PACK_NOT_FOUND", `evidence pack not found: ${file}`, { file });
    throw new InputError("EVIDENCE_PACK_UNREADABLE_FILE", `cannot read ${file}: ${error.message}`, { file });
  });
}
