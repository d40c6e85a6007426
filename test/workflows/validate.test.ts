/**
 * The workflow and composite action files pass GitHub's own parser (schema + expressions), offline; the
 * validator is shown to reject broken files; and the pipeline's governance shape holds: the prod apply and
 * the promotion run behind the protected `production` environment, OIDC only, one identity per environment.
 */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: GitHub Actions expressions are written ${{ … }}
import assert from "node:assert/strict";
import { access } from "node:fs/promises";
import path from "node:path";
import { describe, test } from "node:test";
import { REPO_ROOT } from "../helpers/cli.ts";
import {
  actionFiles,
  runScripts,
  validateAction,
  validateWorkflow,
  type WorkflowFile,
  workflowDocument,
  workflowFiles,
} from "./workflow-files.ts";

const workflows = await workflowFiles();
const actionsFiles = await actionFiles();
// biome-ignore lint/suspicious/noExplicitAny: reading workflow YAML
const load = (name: string): any =>
  workflowDocument(workflows.find((w) => w.name.endsWith(`/${name}`))!.content);

describe("workflow files pass GitHub's workflow parser", () => {
  test("the expected workflows exist", () => {
    const names = workflows.map((w) => path.basename(w.name));
    for (const wanted of ["ci.yml", "infra.yml", "promote.yml", "deploy.yml"])
      assert.ok(names.includes(wanted), wanted);
  });
  for (const file of workflows) {
    test(file.name, async () => {
      assert.deepEqual(await validateWorkflow(file), []);
    });
  }
  for (const file of actionsFiles) {
    test(file.name, () => {
      assert.deepEqual(validateAction(file), []);
    });
  }
});

describe("the validator rejects broken files (so a pass means something)", () => {
  const broken: Array<[string, string, RegExp]> = [
    [
      "unknown job key",
      "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    enviroment: production\n    steps:\n      - run: echo\n",
      /Unexpected value 'enviroment'/,
    ],
    [
      "unknown context in an expression",
      "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.sha }} ${{ input.name }}\n",
      /Unrecognized named-value: 'input'/,
    ],
    [
      "malformed expression",
      "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - if: ${{ inputs.kind == }}\n        run: echo\n",
      /Unexpected end of expression/,
    ],
    [
      "bad workflow_dispatch input type",
      "on:\n  workflow_dispatch:\n    inputs:\n      kind:\n        type: enum\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n",
      /enum|type/i,
    ],
    [
      "needs an unknown job",
      "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n  b:\n    needs: nope\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n",
      /nope/,
    ],
    [
      "a reusable workflow called with an input it does not declare",
      "on: push\njobs:\n  a:\n    uses: ./.github/workflows/terraform-apply.yml\n    with:\n      env: dev\n      github-environment: dev\n      bogus: x\n",
      /bogus is not defined in the referenced workflow/,
    ],
  ];
  for (const [what, content, message] of broken) {
    test(what, async () => {
      const errors = await validateWorkflow({ name: "broken.yml", content });
      assert.ok(errors.length > 0, `expected errors for ${what}`);
      assert.match(errors.join("\n"), message);
    });
  }
  test("a composite action with a run step without shell", () => {
    const file: WorkflowFile = {
      name: "action.yml",
      content: "name: x\ndescription: x\nruns:\n  using: composite\n  steps:\n    - run: echo hi\n",
    };
    assert.ok(validateAction(file).length > 0);
  });
});

describe("pipeline shape", () => {
  test("every local action and reusable workflow a workflow uses exists", async () => {
    const refs = new Set<string>();
    for (const file of [...workflows, ...actionsFiles]) {
      for (const m of file.content.matchAll(/uses:\s*(\.\/[^\s#]+)/g)) refs.add(m[1]!);
    }
    assert.ok(refs.size > 0);
    for (const ref of refs) {
      const target = ref.endsWith(".yml") ? ref : `${ref}/action.yml`;
      await access(path.join(REPO_ROOT, target));
    }
  });

  test("no stored secrets: nothing reads the secrets context; Azure logins are OIDC (id-token: write)", () => {
    for (const file of [...workflows, ...actionsFiles]) {
      assert.doesNotMatch(file.content, /\bsecrets\./, file.name);
      assert.doesNotMatch(
        file.content,
        /client-secret|AZURE_CLIENT_SECRET|ARM_CLIENT_SECRET|creds:/i,
        file.name,
      );
    }
    for (const file of workflows) {
      const doc = workflowDocument(file.content);
      for (const [id, job] of Object.entries(doc.jobs as Record<string, Record<string, unknown>>)) {
        if (!JSON.stringify(job).includes("azure-login-env")) continue;
        assert.equal(
          (job.permissions as Record<string, string> | undefined)?.["id-token"],
          "write",
          `${file.name} ${id}`,
        );
      }
      assert.deepEqual(doc.permissions, { contents: "read" }, `${file.name}: least-privilege default`);
    }
  });

  test("ci runs the README's test command on pull requests and main", () => {
    const ci = load("ci.yml");
    assert.ok("pull_request" in ci.on);
    assert.deepEqual(ci.on.push.branches, ["main"]);
    const scripts = runScripts(workflows.find((w) => w.name.endsWith("/ci.yml"))!).map((s) =>
      s.script.trim(),
    );
    assert.ok(scripts.includes("npm ci && npm test"), scripts.join("\n"));
  });

  test("infra: fmt, infra check, plan per environment checked with --plan; prod applied only via production", () => {
    const infra = load("infra.yml");
    const all = runScripts(workflows.find((w) => w.name.endsWith("/infra.yml"))!)
      .map((s) => s.script)
      .join("\n");
    assert.match(all, /terraform fmt -check -recursive infra/);
    assert.match(all, /npx airlock infra check\b/);
    assert.match(all, /terraform -chdir=infra\/environments\/\$\{\{ matrix.env \}\} plan/);
    assert.match(all, /npx airlock infra check --plan/);
    assert.deepEqual(infra.jobs.plan.strategy.matrix.env, ["dev", "prod"]);
    assert.match(infra.jobs.plan.if, /pull_request/);
    assert.equal(infra.jobs["apply-dev"].with.env, "dev");
    assert.equal(infra.jobs["apply-prod"].with.env, "prod");
    assert.equal(infra.jobs["apply-prod"].with["github-environment"], "production");
    assert.deepEqual([infra.jobs["apply-prod"].needs].flat(), ["apply-dev"]);
    for (const id of ["apply-dev", "apply-prod"]) assert.match(infra.jobs[id].if, /refs\/heads\/main/);
    const apply = load("terraform-apply.yml");
    assert.equal(apply.jobs.apply.environment, "${{ inputs.github-environment }}");
    // The plan that was checked is the plan that is applied.
    const applyScripts = runScripts(workflows.find((w) => w.name.endsWith("/terraform-apply.yml"))!)
      .map((s) => s.script)
      .join("\n");
    assert.match(applyScripts, /infra check --plan[\s\S]*apply -input=false -lock-timeout=5m plan\.tfplan/);
  });

  test("separate identities per environment: dev and prod client ids differ by variable", () => {
    const text = workflows.map((w) => w.content).join("\n");
    for (const v of [
      "AZURE_CLIENT_ID_DEPLOY_DEV",
      "AZURE_CLIENT_ID_DEPLOY_PROD",
      "AZURE_CLIENT_ID_PROMOTE_DEV",
      "AZURE_CLIENT_ID_PROMOTE_PROD",
    ])
      assert.match(text, new RegExp(`vars\\.${v}\\b`), v);
    for (const [file, jobs] of [
      ["promote.yml", ["request", "promote"]],
      ["deploy.yml", ["request", "deploy"]],
    ] as const) {
      const doc = load(file);
      for (const job of jobs) {
        const logins = (doc.jobs[job].steps as Array<{ uses?: string; with?: Record<string, string> }>)
          .filter((s) => s.uses === "./.github/actions/azure-login-env")
          .map((s) => [s.with?.environment, s.with?.["client-id"]]);
        assert.deepEqual(
          logins,
          [
            ["dev", "${{ vars.AZURE_CLIENT_ID_PROMOTE_DEV }}"],
            ["prod", "${{ vars.AZURE_CLIENT_ID_PROMOTE_PROD }}"],
          ],
          `${file} ${job}`,
        );
      }
    }
  });

  test("the promotion identities act only behind the two GitHub environments their federated credentials name", () => {
    // sp-aml-promotion-dev/-prod trust `environment:promotion-request` and `environment:production` only
    // (infra/README.md); a job logging in as them under another environment would have no credential.
    for (const file of workflows) {
      const doc = workflowDocument(file.content);
      for (const [id, job] of Object.entries(doc.jobs as Record<string, Record<string, unknown>>)) {
        if (!JSON.stringify(job).includes("AZURE_CLIENT_ID_PROMOTE_")) continue;
        assert.ok(
          ["promotion-request", "production"].includes(job.environment as string),
          `${file.name} ${id}: environment ${job.environment}`,
        );
      }
    }
  });

  test("rollback and key rotation: people dispatch, sp-aml-promotion-prod acts behind production, one endpoint at a time", () => {
    const deployGroup = load("deploy.yml").concurrency.group;
    for (const [file, jobId, command] of [
      [
        "rollback.yml",
        "rollback",
        /npx airlock rollback --endpoint "\$ENDPOINT" --env prod --reason "\$REASON \(\$RUN_URL\)"/,
      ],
      [
        "rotate-endpoint-keys.yml",
        "rotate",
        /onlineEndpoints\/\$ENDPOINT\/regenerateKeys\?api-version=2024-10-01/,
      ],
    ] as const) {
      const doc = load(file);
      const job = doc.jobs[jobId];
      assert.equal(job.environment, "production", file);
      assert.equal(doc.concurrency.group, deployGroup, file);
      const logins = (job.steps as Array<{ uses?: string; with?: Record<string, string> }>)
        .filter((s) => s.uses === "./.github/actions/azure-login-env")
        .map((s) => [s.with?.environment, s.with?.["client-id"]]);
      assert.deepEqual(logins, [["prod", "${{ vars.AZURE_CLIENT_ID_PROMOTE_PROD }}"]], file);
      const runs = runScripts(workflows.find((w) => w.name.endsWith(`/${file}`))!)
        .map((s) => s.script)
        .join("\n");
      assert.match(runs, command, file);
      // Keys never reach the log: nothing lists or prints them.
      assert.doesNotMatch(runs, /listKeys|get-credentials|primaryKey|secondaryKey/i, file);
    }
  });

  test("workflow_dispatch inputs stay within GitHub's limit of 25", () => {
    // docs.github.com, "Manually running a workflow": "You can define up to 25 inputs for a workflow_dispatch event."
    for (const file of workflows) {
      const inputs = workflowDocument(file.content)?.on?.workflow_dispatch?.inputs ?? {};
      assert.ok(Object.keys(inputs).length <= 25, `${file.name}: ${Object.keys(inputs).length} inputs`);
    }
  });

  test("promote and deploy run only from the default branch (the approvers registry is read as committed)", () => {
    for (const file of ["promote.yml", "deploy.yml"]) {
      const guard = (load(file).jobs.request.steps as Array<{ if?: string; run?: string }>)[0]!;
      assert.equal(
        guard.if,
        "github.ref != format('refs/heads/{0}', github.event.repository.default_branch)",
      );
      assert.match(guard.run!, /exit 1/);
    }
  });

  test("promote: dispatch inputs, plan → request → production gate → status → promote with run URL → audit verify; no deploy", () => {
    const promote = load("promote.yml");
    const inputs = promote.on.workflow_dispatch.inputs;
    assert.deepEqual(Object.keys(inputs), ["kind", "name", "version", "justification"]);
    assert.deepEqual(inputs.kind.options, ["model", "data", "environment", "component"]);
    assert.equal(promote.jobs.request.environment, "promotion-request");
    assert.equal(promote.jobs.request.permissions["id-token"], "write");
    assert.equal(promote.jobs.promote.environment, "production");
    assert.deepEqual([promote.jobs.promote.needs].flat(), ["request"]);
    const steps = (job: string) =>
      (promote.jobs[job].steps as Array<{ run?: string; if?: string; id?: string }>).filter((s) => s.run);
    const requestRuns = steps("request").map((s) => s.run!);
    assert.match(requestRuns[1]!, /airlock promote .* --plan/);
    assert.match(requestRuns[2]!, /airlock request "\$KIND" "\$ASSET" --to prod/);
    assert.match(requestRuns[2]!, /airlock approve \$id --azure --subscription/);
    const promoteSteps = steps("promote");
    const order = ["airlock status", "airlock promote", "airlock audit verify"].map((cmd) =>
      promoteSteps.findIndex((s) => s.run!.includes(cmd)),
    );
    assert.ok(
      order.every((i, k) => i >= 0 && (k === 0 || i > order[k - 1]!)),
      `order ${order}`,
    );
    assert.match(promoteSteps[order[1]!]!.run!, /--run-url "\$RUN_URL"/);
    assert.match(promoteSteps[order[2]!]!.if!, /always\(\)/);
    assert.match(
      promote.env.RUN_URL,
      /github\.server_url.*github\.repository.*actions\/runs\/.*github\.run_id/,
    );
    // Deploying needs its own signed approval, filed once the model is in prod: deploy.yml.
    for (const cmd of ["airlock deploy", "airlock invoke", "airlock rollback"])
      assert.ok(!promoteSteps.some((s) => s.run!.includes(cmd)), `promote.yml runs ${cmd}`);
  });

  test("deploy: dispatch inputs, request deployment → production gate → status → deploy → smoke → rollback → audit → lineage", () => {
    const deploy = load("deploy.yml");
    const inputs = deploy.on.workflow_dispatch.inputs;
    for (const name of [
      "model",
      "endpoint",
      "environment",
      "code",
      "scoring-script",
      "instance-type",
      "instance-count",
      "variables",
      "smoke-data",
      "smoke-request",
      "traffic",
      "justification",
    ])
      assert.ok(inputs[name], name);
    for (const name of ["model", "endpoint", "justification"])
      assert.equal(inputs[name].required, true, name);
    assert.equal(deploy.jobs.request.environment, "promotion-request");
    assert.equal(deploy.jobs.request.permissions["id-token"], "write");
    assert.equal(deploy.jobs.deploy.environment, "production");
    assert.deepEqual([deploy.jobs.deploy.needs].flat(), ["request"]);
    assert.match(deploy.jobs.deploy.env.REQUEST_ID, /needs\.request\.outputs\.request-id/);
    assert.match(deploy.concurrency.group, /inputs\.endpoint/);
    const steps = (job: string) =>
      (deploy.jobs[job].steps as Array<{ run?: string; if?: string; id?: string }>).filter((s) => s.run);
    const request = steps("request").find((s) => s.run!.includes("airlock request deployment"))!;
    assert.equal(request.id, "request");
    assert.match(request.run!, /--json > "\$RUNNER_TEMP\/request\.json"/);
    assert.match(request.run!, /request-id=\$id" >> "\$GITHUB_OUTPUT"/);
    assert.match(request.run!, /npx airlock approve \$id --azure --subscription <subscription>/);
    const deploySteps = steps("deploy");
    const order = [
      "airlock status",
      "airlock deploy",
      "airlock invoke",
      "airlock rollback",
      "airlock audit verify",
      "airlock lineage",
    ].map((cmd) => deploySteps.findIndex((s) => s.run!.includes(cmd)));
    assert.ok(
      order.every((i, k) => i >= 0 && (k === 0 || i > order[k - 1]!)),
      `order ${order}`,
    );
    const [status, rollout, smoke, rollback, audit] = order.map((i) => deploySteps[i]!);
    assert.match(status!.run!, /airlock status "\$REQUEST_ID"/);
    assert.equal(rollout!.id, "deploy");
    assert.match(rollout!.run!, /--traffic "\$TRAFFIC" --run-url "\$RUN_URL"/);
    assert.match(smoke!.if!, /steps\.deploy\.outcome == 'success'/);
    assert.match(rollback!.if!, /failure\(\) && steps\.deploy\.outcome == 'success'/);
    assert.match(audit!.if!, /always\(\)/);
    // The bundle is defined once, at the workflow level, for both jobs; no job or step redefines it.
    const bundle = [
      "MODEL",
      "ENDPOINT",
      "ENVIRONMENT_REF",
      "CODE",
      "SCORING_SCRIPT",
      "INSTANCE_TYPE",
      "INSTANCE_COUNT",
      "VARIABLES",
    ];
    for (const name of bundle) assert.match(deploy.env[name], /^\$\{\{ inputs\.[\w-]+ \}\}$/, name);
    for (const [id, job] of Object.entries(
      deploy.jobs as Record<string, { env?: object; steps: Array<{ env?: object }> }>,
    )) {
      for (const env of [job.env, ...job.steps.map((s) => s.env)])
        for (const name of bundle) assert.ok(!(name in (env ?? {})), `${id} redefines ${name}`);
    }
  });
});
