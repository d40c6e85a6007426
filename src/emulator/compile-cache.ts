/** @module emulator/compile-cache — child processes (the daemon, Azurite) reuse Node's on-disk compile cache. */
import { tmpdir } from "node:os";
import path from "node:path";

/** The environment for a Node child process with the compile cache on (start-up time is most of `local up`). */
export function withCompileCache(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    ...env,
    NODE_COMPILE_CACHE: env.NODE_COMPILE_CACHE ?? path.join(tmpdir(), "airlock-node-compile-cache"),
  };
}
