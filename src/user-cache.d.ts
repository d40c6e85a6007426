/** Types of user-cache.js (JavaScript so that bin/airlock.js can load it before the compile cache is on). */

/**
 * The private cache folder for `name` (`$XDG_CACHE_HOME/airlock/<name>`, else `~/.cache/airlock/<name>`),
 * created 0700 if missing; undefined when it cannot be made private, and then the caller caches nothing.
 */
export function privateCacheDir(name: string, env?: NodeJS.ProcessEnv): string | undefined;
