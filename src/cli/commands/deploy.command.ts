/** @module cli/commands/deploy.command — `airlock deploy`, `rollback`, `lineage`, `invoke` declarations. */
import type { Command } from "commander";
import { withTarget } from "./target.ts";

/** Repeatable option values (no default, so help shows none: absent means prod without variables). */
function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function registerDeployCommands(program: Command): void {
  withTarget(
    program
      .command("deploy")
      .description(
        "Deploy a promoted model from the prod registry to a prod online endpoint with a safe rollout: new deployment at 0%, smoke test through the azureml-model-deployment header, traffic in steps with health checks, automatic rollback on failure.",
      )
      .argument(
        "[model]",
        "model version in the prod registry: <name>:<version> (or the deployment file's model)",
      )
      .option(
        "-f, --file <yaml>",
        "a managedOnlineDeployment and/or managedOnlineEndpoint YAML (as az ml online-deployment create -f; repeatable; flags win)",
        collect,
      )
      .option("--endpoint <name>", "online endpoint (created when missing, authMode Key; or the file's)")
      // One flag, two meanings, so `deploy` takes the very flags `request deployment` bound: a value with
      // "=" is a variable of the deployment, any other value the target environment (only prod).
      .option(
        "--env <prod|KEY=VALUE>",
        "the target environment (deployments go to prod; default prod), or an environment variable of the deployment, as `request deployment --env` bound it (repeatable)",
        collect,
      )
      .option(
        "--environment <ref>",
        "environment: <name>:<version> in the prod workspace (as a promotion strategy created it), azureml://registries/<registry>/environments/<name>/versions/<version>",
      )
      .option(
        "--code <folder>",
        "scoring code folder from version control (uploaded as a code asset; or the file's code_configuration.code)",
      )
      .option("--scoring-script <file>", "scoring script inside --code", "score.py")
      .requiredOption("--smoke-data <name:version>", "reference data in the prod registry for the smoke test")
      .option(
        "--label-column <column>",
        "column with expected values (default: the data asset's label_column tag)",
      )
      .option(
        "--tolerance <abs[,rel]>",
        "allowed |prediction - expected|: max(abs, rel x |expected|)",
        "3,0.25",
      )
      .option("--traffic <steps>", "all, or rising percentages ending at 100 (e.g. 10,50,100)", "all")
      .option("--instance-type <sku>", "VM size of the deployment", "Standard_DS3_v2")
      .option("--instance-count <n>", "instances", "1")
      .option("--health-calls <n>", "scoring calls without the header after each traffic step", "5"),
  )
    .addHelpText(
      "after",
      `
Examples:
  $ airlock deploy taxi-fare-model:1 --endpoint taxi-prod --env prod --environment taxi-env-conda:1 \\
      --code examples/taxi-fare/src --smoke-data taxi-validation:1 --label-column fare_amount
  $ airlock deploy taxi-fare-model:2 --endpoint taxi-prod --env prod --environment taxi-env-conda:1 \\
      --code examples/taxi-fare/src --smoke-data taxi-validation:1 --traffic 10,50,100 --json
  $ airlock deploy taxi-fare-model:2 --endpoint taxi-prod --env prod --environment taxi-env-conda:1 \\
      --code examples/taxi-fare/src --smoke-data taxi-validation:1 --env LOG_LEVEL=info --env WORKERS=2
  $ airlock deploy -f endpoint.yml -f deployment.yml --smoke-data taxi-validation:1 --instance-count 2`,
    )
    .action(async (model, options, command) =>
      (await import("./deploy.ts")).deployCommand(model, options, command),
    );

  withTarget(
    program
      .command("rollback")
      .description(
        "Return an endpoint to the traffic split before its latest rollout (from the ledger), health-check it and record the rollback.",
      )
      .requiredOption("--endpoint <name>", "online endpoint")
      .option("--env <env>", "environment (prod)", "prod")
      .option(
        "--smoke-data <name:version>",
        "rows for the health check (default: those of the undone rollout)",
      )
      .option("--reason <text>", "why, for the ledger", "manual rollback")
      .option("--health-calls <n>", "scoring calls after the change", "5"),
  )
    .addHelpText(
      "after",
      "\nExamples:\n  $ airlock rollback --endpoint taxi-prod --env prod\n  $ airlock rollback --endpoint taxi-prod --json",
    )
    .action(async (options) => (await import("./deploy.ts")).rollbackCommand(options));

  withTarget(
    program
      .command("lineage")
      .description(
        "The chain from a prod deployment back to the dev training run: versions, digests, approvals, who and when.",
      )
      .argument("<target>", "an endpoint name, or a prod registry model <name>:<version>"),
  )
    .addHelpText(
      "after",
      "\nExamples:\n  $ airlock lineage taxi-prod\n  $ airlock lineage taxi-fare-model:1 --json",
    )
    .action(async (target, options) => (await import("./deploy.ts")).lineageCommand(target, options));

  withTarget(
    program
      .command("invoke")
      .description(
        "Score a request with a prod online endpoint (the endpoint's key is fetched and never shown).",
      )
      .requiredOption("--endpoint <name>", "online endpoint")
      .option("--deployment <name>", "send to this deployment (azureml-model-deployment header)")
      .requiredOption("--file <request.json>", "the request body (JSON, not empty)"),
  )
    .addHelpText(
      "after",
      "\nExamples:\n  $ airlock invoke --endpoint taxi-prod --file examples/taxi-fare/data/validation/smoke-request.json",
    )
    .action(async (options) => (await import("./deploy.ts")).invokeCommand(options));
}
