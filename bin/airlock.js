#!/usr/bin/env node
// The `airlock` command. Node 24 runs the TypeScript sources directly (type stripping); the compile cache
// keeps the stripped and compiled modules on disk so that later starts skip that work. This is the one place
// that sets the exit status.
import module from "node:module";

module.enableCompileCache?.();
const { runAirlock } = await import("../src/cli/main.ts");
process.exitCode = await runAirlock(process.argv);
