/**
 * @module infra/lock-files
 * Each root's committed `.terraform.lock.hcl` (issue 9, finding 11): plan and apply must resolve the same
 * provider builds. Every provider a root requires is locked at one version, with `zh:` hashes (the sha256
 * of the official release zips, which cover every platform) so `terraform init` on any runner verifies the
 * download. Checked in both modes: a plan JSON does not carry the lock, the repository does.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { PURPOSES } from "../platform/index.ts";
import type { Finding } from "./findings.ts";

interface Locked {
  version: string;
  hashes: string[];
}

/** The `provider "<address>" { version, hashes }` blocks of a lock file. */
export function parseLockFile(text: string): Map<string, Locked> {
  const locked = new Map<string, Locked>();
  for (const m of text.matchAll(/provider\s+"([^"]+)"\s*\{([\s\S]*?)\n\}/g)) {
    const body = m[2]!;
    locked.set(m[1]!.toLowerCase(), {
      version: /version\s*=\s*"([^"]+)"/.exec(body)?.[1] ?? "",
      hashes: [...body.matchAll(/"((?:h1|zh):[^"]+)"/g)].map((h) => h[1]!),
    });
  }
  return locked;
}

/** The providers a root's versions.tf requires, as registry addresses. */
function requiredProviders(text: string): string[] {
  const block = /required_providers\s*\{([\s\S]*?)\n {2}\}/.exec(text)?.[1] ?? "";
  return [...block.matchAll(/source\s*=\s*"([^"]+)"/g)].map(
    (m) => `registry.terraform.io/${m[1]!.toLowerCase()}`,
  );
}

export async function checkLockFiles(infraDir: string): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const purpose of PURPOSES) {
    const root = path.join(infraDir, "environments", purpose);
    const where = `environments/${purpose}/.terraform.lock.hcl`;
    const add = (message: string) =>
      findings.push({
        rule: "lock-file",
        severity: "error",
        environment: purpose,
        where,
        message: `${message} (fix: terraform providers lock -platform=linux_amd64 -platform=darwin_arm64 -platform=windows_amd64, then commit it)`,
      });
    const versions = await readFile(path.join(root, "versions.tf"), "utf8").catch(() => "");
    let lock: Map<string, Locked>;
    try {
      lock = parseLockFile(await readFile(path.join(root, ".terraform.lock.hcl"), "utf8"));
    } catch {
      add("is missing: plan and apply could resolve different provider versions");
      continue;
    }
    for (const provider of requiredProviders(versions)) {
      const entry = lock.get(provider);
      if (!entry) add(`does not lock ${provider}`);
      else if (!entry.version) add(`locks ${provider} without a version`);
      else if (!entry.hashes.some((h) => h.startsWith("zh:")))
        add(`locks ${provider} ${entry.version} without zh: hashes of the release zips`);
    }
  }
  return findings;
}
