/** @module emulator/compile-cache — child processes (the daemon, Azurite) reuse Node's on-disk compile cache. */
import { privateCacheDir } from "../user-cache.js";

/**
 * The environment for a Node child process with the compile cache on (start-up time is most of `local up`), in
 * this user's private cache folder; without one (src/user-cache.js), the environment as given.
 */
export function withCompileCache(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const directory = env.NODE_COMPILE_CACHE ?? privateCacheDir("node-compile-cache", env);
  return directory === undefined ? env : { ...env, NODE_COMPILE_CACHE: directory };
}
