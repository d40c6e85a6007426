/** @module cli/commands/evidence.command — `airlock evidence export|verify`: the auditor's evidence pack. */
import type { Command } from "commander";
import { withTarget } from "./target.ts";

const load = () => import("./evidence.ts");

export function registerEvidenceCommands(program: Command): void {
  const evidence = program
    .command("evidence")
    .description("An auditor's evidence pack for one promoted asset version: export it, verify it offline.");
  withTarget(
    evidence
      .command("export")
      .argument("<kind>", "model | data | environment | component")
      .argument("<asset>", "<name>@<version> (a version in prod)")
      .description(
        "Write one self-contained HTML file: the signed decisions, the ledger slice with its hash-chain proof up to the anchored head, the rollout outcome, rule results and other recorded evidence, lineage to the training run and the policy in force.",
      )
      .requiredOption("--out <file>", "the file to write (replaced whole, never partly)"),
  )
    .addHelpText(
      "after",
      "\nExamples:\n  $ airlock evidence export model taxi-fare-model@1 --out taxi-fare-model-1.evidence.html",
    )
    .action(async (kind, asset, options) => (await load()).evidenceExport(kind, asset, options));
  evidence
    .command("verify")
    .argument("<file>", "an evidence pack written by `airlock evidence export`")
    .description(
      "Check a pack offline (no twin, no network): every byte, the signatures against the approvers registry, the digest the decisions bind, the hash chain to the anchored head, and the page against its data. Exit 8 when anything changed.",
    )
    .option(
      "--approvers <file>",
      "the approvers registry to trust (default: governance/approvers.yml as committed in this repository)",
    )
    .option(
      "--policy <file>",
      "judge who may approve under this policy file (default: AIRLOCK_POLICY, else governance/policy.yml; never the policy the pack carries)",
    )
    .option("--json", "print one JSON document")
    .addHelpText(
      "after",
      "\nExamples:\n  $ airlock evidence verify taxi-fare-model-1.evidence.html\n  $ airlock evidence verify pack.html --approvers .airlock/twin/approvers.twin.yml --json",
    )
    .action(async (file, options) => (await load()).evidenceVerify(file, options));
}
