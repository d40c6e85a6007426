/** @module cli/commands/demo — `airlock demo`: the main job, on the local twin. */
import path from "node:path";
import { twinStateDir } from "../../connect/connection.ts";
import { demoTwin, runDemo } from "../../demo/demo.ts";
import { VerificationError } from "../../errors.ts";
import type { LineageReport } from "../../promotion/lineage.ts";
import { printResult, progress } from "../output.ts";
import { renderLineage } from "./deploy.ts";

export async function demoCommand(options: { stateDir?: string; json?: boolean }) {
  const stateDir = twinStateDir(options.stateDir);
  // The twin may run in this process: what it and its children write (keys, endpoint keys, SAS URLs) stays
  // the owner's, as under the daemon (daemon.ts).
  process.umask(0o077);
  const log = (line: string) => progress(options, line);
  log(`Airlock demo on the local twin (state: ${path.relative(process.cwd(), stateDir) || stateDir})`);
  const { twin, close, started } = await demoTwin(stateDir);
  log(`   twin ${started ? "started" : "already running"} at ${twin.armEndpoint}`);
  try {
    const summary = await runDemo(twin, { stateDir, log });
    printResult(options, summary, () =>
      [
        "",
        renderLineage(summary.lineage as LineageReport),
        "",
        `ledger verified: ${summary.ledger.count} records, head #${summary.ledger.headSeq} ${summary.ledger.headHash}`,
        `done in ${summary.seconds.toFixed(1)} s`,
      ].join("\n"),
    );
    if (!summary.ledger.ok)
      throw new VerificationError("LEDGER_TAMPERED", "the audit ledger failed verification");
  } finally {
    await close();
  }
}
