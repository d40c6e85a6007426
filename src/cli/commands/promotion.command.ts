/** @module cli/commands/promotion.command — register, share, request, approve, reject, status, promote. */
import type { Command } from "commander";
import { withAssetRef, withTarget } from "./target.ts";

const load = () => import("./promotion.ts");

const SIGNING_KEY_HELP =
  "the SSH key that signs your decision (default AIRLOCK_SIGNING_KEY, else git's user.signingkey; the agent and FIDO sk- keys work)";

/** Repeatable option values. */
function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function registerPromotionCommands(program: Command): void {
  withTarget(
    program
      .command("register")
      .argument("[file]", "an asset YAML, as `az ml <asset> create -f` reads it (or -f <file>)")
      .option("-f, --file <file>", "the asset YAML (as az ml <asset> create -f)")
      .description(
        "Register a model, data, environment or component in a workspace, with its content digest.",
      )
      .requiredOption(
        "--env <env>",
        "the environment whose workspace gets the asset (dev; default: the project config's, see airlock configure)",
      )
      .option("--root <dir>", "the folder local paths must stay inside (default: the current directory)"),
  )
    .addHelpText(
      "after",
      "\nExamples:\n  $ airlock register -f examples/taxi-fare/model.yml --env dev\n  $ airlock register examples/taxi-fare/components/train.yml --env dev --json",
    )
    .action(async (file, options) => (await load()).registerCommand(file, options));

  withTarget(
    program
      .command("share")
      .argument("<kind>", "model | data | environment")
      .argument("[asset]", "<name>:<version> or <name>@latest (or -n/-v)")
      .description("Share a dev workspace asset to the dev registry (publish); `promote` does this too."),
  )
    .addHelpText("after", "\nExamples:\n  $ airlock share model taxi-fare-model:1")
    .action(async (kind, asset, options) => (await load()).shareCommand(kind, asset, options));

  withTarget(
    program
      .command("request")
      .argument("<kind>", "model | data | environment | component | deployment")
      .argument(
        "[asset]",
        "<name>:<version> or <name>@latest (or -n/-v), or for a deployment the prod endpoint name",
      )
      .description(
        "Request approval to promote exactly this content (its digest) to prod, or to deploy exactly this bundle; signed with your key (in CI: filed for the person who dispatched the workflow).",
      )
      .option("--to <env>", "the target environment", "prod")
      .requiredOption("--justification <text>", "why this should go to prod (kept with the request)")
      .option(
        "-f, --file <yaml>",
        "environments/components: the version-controlled YAML (default: as registered)",
      )
      .option("--model <name:version>", "deployment: the promoted prod model")
      .option("--code <folder>", "deployment: the scoring code folder")
      .option("--scoring-script <file>", "deployment: relative to --code (default score.py)")
      .option("--environment <ref>", "deployment: the environment")
      .option("--instance-type <sku>", "deployment: the instance type")
      .option("--instance-count <n>", "deployment: instances", (v: string) => Number(v))
      .option("--env <KEY=VALUE>", "deployment: an environment variable (repeatable)", collect, [])
      .option("--signing-key <file>", SIGNING_KEY_HELP),
  )
    .addHelpText(
      "after",
      '\nExamples:\n  $ airlock request model taxi-fare-model:1 --justification "RMSE 1.12 on hold-out"\n  $ airlock request deployment taxi-fare --model taxi-fare-model:1 --code examples/taxi-fare/score --justification "canary"',
    )
    .action(async (kind, asset, options) => (await load()).requestCommand(kind, asset, options));

  withTarget(
    program
      .command("approve")
      .argument("<request-id>", "the request to approve")
      .description(
        "Approve a request as the signed-in person, signed with your key (never the requester or the asset's creator).",
      )
      .option("--comment <text>", "a note kept with the approval", "")
      .option("--signing-key <file>", SIGNING_KEY_HELP),
  )
    .addHelpText("after", "\nExamples:\n  $ airlock approve 0f6c…  --comment 'metrics reviewed'")
    .action(async (id, options) => (await load()).approveCommand(id, options));

  withTarget(
    program
      .command("reject")
      .argument("<request-id>", "the request to reject (or, as its requester, withdraw)")
      .description("Reject a request, with a reason, signed with your key.")
      .requiredOption("--reason <text>", "why")
      .option("--signing-key <file>", SIGNING_KEY_HELP),
  )
    .addHelpText("after", "\nExamples:\n  $ airlock reject 0f6c… --reason 'bias report missing'")
    .action(async (id, options) => (await load()).rejectCommand(id, options));

  withTarget(
    program
      .command("status")
      .argument("[request-id]", "one request")
      .description(
        "Approval requests and their state (pending, approved, rejected, expired, superseded, used), and the decisions that do not count.",
      )
      .option("--state <state>", "only requests in this state")
      .option("--asset <kind:name@version>", "only requests for this asset"),
  )
    .addHelpText("after", "\nExamples:\n  $ airlock status --state pending\n  $ airlock status --json")
    .action(async (id, options) => (await load()).statusCommand(id, options));

  withTarget(
    program
      .command("breakglass")
      .argument("<kind>", "model | data | environment | component")
      .argument("[asset]", "<name>:<version> or <name>@latest (or -n/-v)")
      .description(
        "Open the gate for one asset version without an approval, if the policy allows you (recorded).",
      )
      .requiredOption("--reason <text>", "why the normal approval cannot wait (kept in the ledger)")
      .option(
        "-f, --file <yaml>",
        "environments/components: the version-controlled YAML (default: as registered)",
      )
      .option("--signing-key <file>", SIGNING_KEY_HELP),
  )
    .addHelpText(
      "after",
      '\nExamples:\n  $ airlock breakglass model taxi-fare-model:3 --reason "INC-4711: revert to last good model"',
    )
    .action(async (kind, asset, options) => (await load()).breakglassCommand(kind, asset, options));

  withTarget(
    program
      .command("promote")
      .argument("<kind>", "model | data | environment | component")
      .argument("[asset]", "<name>:<version> or <name>@latest (or -n/-v)")
      .description("Promote to prod along the governed path; resumable and idempotent.")
      .option("--to <env>", "the target environment", "prod")
      .option(
        "--plan",
        "change nothing: print the gate's verdict and every step with what it would change (bytes), or No changes",
      )
      .option(
        "--strategy <strategy>",
        "environments: rebuild-from-context | recreate-from-image | reference-dev-registry",
      )
      .option(
        "-f, --file <yaml>",
        "environments/components: the version-controlled YAML (default: as registered)",
      ),
  )
    .addHelpText(
      "after",
      "\nExamples:\n  $ airlock promote model taxi-fare-model:1 --to prod --plan\n  $ airlock promote environment taxi-env-conda:1 --to prod --strategy rebuild-from-context\n  $ airlock promote component taxi-train:1 --to prod",
    )
    .action(async (kind, asset, options) => (await load()).promoteCommand(kind, asset, options));
  for (const command of program.commands)
    if (["share", "request", "breakglass", "promote"].includes(command.name())) withAssetRef(command);
}
