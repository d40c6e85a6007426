/**
 * @module test/emulator/inference/fixture
 * Tiny real scoring scripts in temp folders, and process checks for the inference host tests.
 */
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { DeploymentSpec } from "../../../src/emulator/inference/host.ts";

export interface Scratch {
  root: string;
  /** Writes a code folder holding `score.py` (plus extra files) and a model folder; returns a spec. */
  deployment(
    key: string,
    script: string,
    options?: {
      model?: Record<string, string>;
      extraFiles?: Record<string, string>;
      env?: Record<string, string>;
    },
  ): Promise<DeploymentSpec>;
  cleanup(): Promise<void>;
}

export async function scratch(): Promise<Scratch> {
  const root = await mkdtemp(path.join(os.tmpdir(), "airlock-inference-"));
  let counter = 0;
  return {
    root,
    async deployment(key, script, options = {}) {
      const dir = path.join(root, `d${counter++}`);
      const codeDir = path.join(dir, "code");
      const modelDir = path.join(dir, "model");
      await mkdir(codeDir, { recursive: true });
      await mkdir(modelDir, { recursive: true });
      await writeFile(path.join(codeDir, "score.py"), script);
      for (const [name, text] of Object.entries(options.extraFiles ?? {})) {
        await writeFile(path.join(codeDir, name), text);
      }
      for (const [name, text] of Object.entries(options.model ?? {})) {
        await writeFile(path.join(modelDir, name), text);
      }
      return {
        key,
        codeDir,
        modelDir,
        scoringScript: "score.py",
        ...(options.env ? { environmentVariables: options.env } : {}),
      };
    },
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}

/** True while the pid names a live process (a zombie awaiting its reaper counts as gone). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return true;
  }
}

/** Waits (bounded) for every pid to be gone; returns the ones still alive. */
export async function survivors(pids: readonly number[], deadlineMs = 5000): Promise<number[]> {
  const until = Date.now() + deadlineMs;
  let alive = pids.filter(isAlive);
  while (alive.length > 0 && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    alive = alive.filter(isAlive);
  }
  return alive;
}

/** Polls (bounded) until the check passes: output pipes and HTTP answers arrive in no fixed order. */
export async function eventually(check: () => boolean, deadlineMs = 5000): Promise<boolean> {
  const until = Date.now() + deadlineMs;
  while (!check()) {
    if (Date.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return true;
}

export function json(body: Buffer): unknown {
  return JSON.parse(body.toString("utf8"));
}

/** A small seeded generator (mulberry32) so distribution tests are reproducible. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
