#!/usr/bin/env node
// The `airlock` command. Node 24 runs the TypeScript sources directly (type stripping); the compile cache
// keeps the stripped and compiled modules on disk so that later starts skip that work, in this user's private
// cache folder (Node's default is a folder in /tmp that any user of the machine can write). This is the one
// place that sets the exit status.
import module from "node:module";
import { privateCacheDir } from "../src/user-cache.js";

const compileCache = process.env.NODE_COMPILE_CACHE ?? privateCacheDir("node-compile-cache");
if (compileCache !== undefined) module.enableCompileCache?.(compileCache);
const { runAirlock } = await import("../src/cli/main.ts");
process.exitCode = await runAirlock(process.argv);
