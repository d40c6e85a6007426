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
import { parse as parseYaml } from "yaml";
import { REPO_ROOT } from "../helpers/cli.ts";
import {
  actionFiles,
  runScripts,
  validateAction,
  validateWorkflow,
  type WorkflowFile,
  workflowFiles,
} from "./workflow-files.ts";

const workflows = await workflowFiles();
const actionsFiles = await actionFiles();
// biome-ignore lint/suspicious/noExplicitAny: reading workflow YAML
const load = (name: string): any => parseYaml(workflows.find((w) => w.name.endsWith(`/${name}`))!.content);

describe("workflow files pass GitHub's workflow parser", () => {
  test("the expected workflows exist", () => {
    const names = workflows.map((w) => path.basename(w.name));
    for (const wanted of ["ci.yml", "infra.yml", "promote.yml"]) assert.ok(names.includes(wanted), wanted);
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
      const doc = parseYaml(file.content);
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
    const promote = load("promote.yml");
    for (const job of ["request", "promote"]) {
      const logins = (promote.jobs[job].steps as Array<{ uses?: string; with?: Record<string, string> }>)
        .filter((s) => s.uses === "./.github/actions/azure-login-env")
        .map((s) => [s.with?.environment, s.with?.["client-id"]]);
      assert.deepEqual(logins, [
        ["dev", "${{ vars.AZURE_CLIENT_ID_PROMOTE_DEV }}"],
        ["prod", "${{ vars.AZURE_CLIENT_ID_PROMOTE_PROD }}"],
      ]);
    }
  });

  test("promote: dispatch inputs, plan → request → production gate → promote with run URL → deploy → smoke → rollback", () => {
    const promote = load("promote.yml");
    const inputs = promote.on.workflow_dispatch.inputs;
    for (const name of ["kind", "name", "version", "endpoint"]) assert.ok(inputs[name], name);
    assert.deepEqual(inputs.kind.options, ["model", "data", "environment", "component"]);
    assert.equal(promote.jobs.promote.environment, "production");
    assert.deepEqual([promote.jobs.promote.needs].flat(), ["request"]);
    const steps = (job: string) =>
      (promote.jobs[job].steps as Array<{ run?: string; if?: string; id?: string }>).filter((s) => s.run);
    const requestRuns = steps("request").map((s) => s.run!);
    assert.match(requestRuns[0]!, /airlock promote .* --plan/);
    assert.match(requestRuns[1]!, /airlock request /);
    const promoteSteps = steps("promote");
    const order = [
      "airlock status",
      "airlock promote",
      "airlock deploy",
      "airlock invoke",
      "airlock rollback",
    ].map((cmd) => promoteSteps.findIndex((s) => s.run!.includes(cmd)));
    assert.ok(
      order.every((i, k) => i >= 0 && (k === 0 || i > order[k - 1]!)),
      `order ${order}`,
    );
    assert.match(promoteSteps[order[1]!]!.run!, /--run-url "\$RUN_URL"/);
    assert.match(
      promote.env.RUN_URL,
      /github\.server_url.*github\.repository.*actions\/runs\/.*github\.run_id/,
    );
    assert.match(promoteSteps[order[2]!]!.run!, /--traffic/);
    assert.match(promoteSteps[order[4]!]!.if!, /failure\(\)/);
  });
});
