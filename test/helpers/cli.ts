/** Test helpers: run the real `airlock` CLI as a subprocess, and make scratch copies of the infra folder. */
import { spawn } from "node:child_process";
import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const AIRLOCK_BIN = path.join(REPO_ROOT, "bin", "airlock.js");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: string[],
  options: {
    env?: Record<string, string | undefined>;
    cwd?: string;
    input?: string;
    timeoutMs?: number;
  } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [AIRLOCK_BIN, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: { ...process.env, NO_COLOR: "1", ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 120_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(options.input ?? "");
  });
}

/** A scratch copy of infra/ whose tfvars a test may edit. */
export async function scratchInfra(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "airlock-infra-"));
  await cp(path.join(REPO_ROOT, "infra", "environments"), path.join(dir, "environments"), {
    recursive: true,
    filter: (source) => !source.includes(".terraform") && !source.endsWith(".tfstate"),
  });
  return dir;
}

export async function editFile(file: string, edit: (text: string) => string): Promise<void> {
  const before = await readFile(file, "utf8");
  const after = edit(before);
  if (after === before) throw new Error(`edit of ${file} changed nothing`);
  await writeFile(file, after);
}
