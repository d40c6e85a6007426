/**
 * The federated-credential subjects bootstrap creates are derived from .github/workflows, and checked here
 * against the workflow files themselves: every job that logs in to Azure, read independently (its
 * `environment:` with matrix and caller inputs expanded), has a credential for its identity, and nothing
 * else is trusted. Seeded workflows: a new environment appears, an expression or client id the derivation
 * cannot read fails loudly instead of being skipped. Also the resource providers derived from infra/, and
 * the runbook's list of subjects.
 */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: GitHub Actions expressions are written ${{ … }}
import assert from "node:assert/strict";
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { parse } from "yaml";
import { azurermNamespace, requiredProviders } from "../../src/bootstrap/providers.ts";
import { repoFromRemote } from "../../src/bootstrap/repo.ts";
import { stateBackend } from "../../src/bootstrap/state-backend.ts";
import {
  credentialNameFor,
  evaluateExpression,
  subjectMap,
  workflowLogins,
} from "../../src/bootstrap/workflow-subjects.ts";
import { REPO_ROOT } from "../../src/platform/index.ts";

const WORKFLOWS = path.join(REPO_ROOT, ".github", "workflows");
const REPO = "contoso/airlock";
const subject = (env: string) => `repo:${REPO}:environment:${env}`;

async function subjectsOf(dir = WORKFLOWS) {
  return Object.fromEntries(subjectMap(await workflowLogins(dir, REPO)));
}

describe("workflow subjects", () => {
  test("the repository's workflows: each identity trusts exactly the environments its jobs log in from", async () => {
    assert.deepEqual(await subjectsOf(), {
      "sp-aml-deployment-dev": [subject("dev"), subject("infra-plan-dev")],
      "sp-aml-deployment-prod": [subject("infra-plan-prod"), subject("production")],
      "sp-aml-promotion-dev": [subject("production"), subject("promotion-request")],
      "sp-aml-promotion-prod": [subject("production"), subject("promotion-request")],
    });
  });

  test("every workflow job that logs in to Azure, read on its own, has a credential for its environment", async () => {
    const subjects = await subjectsOf();
    const trusted = new Set(Object.values(subjects).flat());
    let jobsSeen = 0;
    for (const name of (await readdir(WORKFLOWS)).filter((n) => n.endsWith(".yml"))) {
      const doc = parse(await readFile(path.join(WORKFLOWS, name), "utf8")) as {
        jobs: Record<
          string,
          {
            environment?: string;
            steps?: Array<{ uses?: string }>;
            strategy?: { matrix?: { env?: string[] } };
          }
        >;
      };
      for (const [jobName, job] of Object.entries(doc.jobs)) {
        const logsIn = (job.steps ?? []).some((s) => /azure-login-env|azure\/login@/.test(s.uses ?? ""));
        if (!logsIn) continue;
        jobsSeen++;
        // A reusable workflow's environment comes from its callers' inputs (dev / production here).
        const environments =
          job.environment === "${{ inputs.github-environment }}"
            ? ["dev", "production"]
            : job.environment?.includes("${{ matrix.env }}")
              ? (job.strategy?.matrix?.env ?? []).map((e) => job.environment!.replace("${{ matrix.env }}", e))
              : [job.environment];
        for (const environment of environments) {
          assert.ok(
            environment,
            `${name}#${jobName} logs in to Azure without a GitHub environment (a branch subject)`,
          );
          assert.ok(
            trusted.has(subject(environment)),
            `${name}#${jobName} logs in from environment ${environment}, which no credential trusts`,
          );
        }
      }
    }
    assert.ok(jobsSeen >= 7, `only ${jobsSeen} login jobs found`);
  });

  test("a seeded workflow with a new environment adds its subject; unreadable logins fail loudly", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "airlock-workflows-"));
    try {
      await cp(WORKFLOWS, dir, { recursive: true });
      const job = (env: string, clientId: string) =>
        `on:\n  workflow_dispatch:\njobs:\n  hotfix:\n    runs-on: ubuntu-latest\n    environment: ${env}\n    permissions:\n      id-token: write\n    steps:\n      - uses: ./.github/actions/azure-login-env\n        with:\n          environment: prod\n          client-id: ${clientId}\n`;
      await writeFile(
        path.join(dir, "hotfix.yml"),
        job("hotfix", "${{ vars.AZURE_CLIENT_ID_PROMOTE_PROD }}"),
      );
      const seeded = await subjectsOf(dir);
      assert.deepEqual(seeded["sp-aml-promotion-prod"], [
        subject("hotfix"),
        subject("production"),
        subject("promotion-request"),
      ]);
      assert.deepEqual(seeded["sp-aml-promotion-dev"], [subject("production"), subject("promotion-request")]);

      await writeFile(path.join(dir, "hotfix.yml"), job("hotfix", "${{ secrets.SOME_CLIENT }}"));
      await assert.rejects(subjectsOf(dir), { code: "WORKFLOW_EXPRESSION_UNSUPPORTED" });
      await writeFile(path.join(dir, "hotfix.yml"), job("hotfix", "${{ vars.SOMEONE_ELSE }}"));
      await assert.rejects(subjectsOf(dir), { code: "WORKFLOW_CLIENT_ID_UNKNOWN" });
      await writeFile(
        path.join(dir, "hotfix.yml"),
        job("${{ github.ref_name }}", "${{ vars.AZURE_CLIENT_ID_PROMOTE_PROD }}"),
      );
      await assert.rejects(subjectsOf(dir), { code: "WORKFLOW_EXPRESSION_UNSUPPORTED" });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("a login job without an environment is trusted by its trigger's subject (pull_request, branch)", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "airlock-workflows-"));
    try {
      await writeFile(
        path.join(dir, "pr.yml"),
        "on:\n  pull_request:\n  push:\n    branches: [main]\njobs:\n  check:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: azure/login@v2\n        with:\n          client-id: ${{ vars.AZURE_CLIENT_ID_DEPLOY_DEV }}\n",
      );
      assert.deepEqual(await subjectsOf(dir), {
        "sp-aml-deployment-dev": [`repo:${REPO}:pull_request`, `repo:${REPO}:ref:refs/heads/main`],
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("expressions: the subset the workflows use, and nothing else", () => {
    const ctx = { matrix: { env: "prod" }, inputs: { env: "dev" } };
    assert.equal(evaluateExpression("matrix.env == 'prod' && 'a' || 'b'", ctx, "t"), "a");
    assert.equal(evaluateExpression("inputs.env == 'prod' && 'a' || 'b'", ctx, "t"), "b");
    assert.equal(evaluateExpression("(matrix.env != 'dev')", ctx, "t"), true);
    assert.throws(() => evaluateExpression("github.actor", ctx, "t"), {
      code: "WORKFLOW_EXPRESSION_UNSUPPORTED",
    });
    assert.throws(() => evaluateExpression("format('{0}', matrix.env)", ctx, "t"), {
      code: "WORKFLOW_EXPRESSION_UNSUPPORTED",
    });
    assert.equal(credentialNameFor(subject("promotion-request")), "gh-environment-promotion-request");
    assert.equal(credentialNameFor(`repo:${REPO}:ref:refs/heads/main`), "gh-ref-refs-heads-main");
    assert.equal(repoFromRemote("git@github.com:contoso/airlock.git"), "contoso/airlock");
    assert.equal(repoFromRemote("https://github.com/contoso/airlock"), "contoso/airlock");
    assert.equal(repoFromRemote("https://example.com/contoso/airlock.git"), undefined);
  });

  test("the bootstrap runbook lists exactly the derived subjects", async () => {
    const runbook = await readFile(
      path.join(REPO_ROOT, "docs", "runbooks", "bootstrap-from-zero.md"),
      "utf8",
    );
    const listed = new Set(
      [...runbook.matchAll(/`(sp-aml-[a-z]+-(?:dev|prod))` \| ([^|\n]+)\|/g)].flatMap((m) =>
        [...m[2]!.matchAll(/environment:([\w-]+)/g)].map((e) => `${m[1]} ${e[1]}`),
      ),
    );
    const derived = new Set(
      Object.entries(await subjectsOf()).flatMap(([identity, subjects]) =>
        subjects.map((s) => `${identity} ${s.slice(s.lastIndexOf(":") + 1)}`),
      ),
    );
    assert.deepEqual([...listed].sort(), [...derived].sort());
  });
});

describe("resource providers and state backends derived from infra/", () => {
  test("the providers infra/ uses (at least these; a new resource type adds its own)", async () => {
    const required = await requiredProviders(path.join(REPO_ROOT, "infra"));
    for (const namespace of [
      "Microsoft.Authorization",
      "Microsoft.ContainerRegistry",
      "Microsoft.Insights",
      "Microsoft.KeyVault",
      "Microsoft.MachineLearningServices",
      "Microsoft.ManagedIdentity",
      "Microsoft.Network",
      "Microsoft.OperationalInsights",
      "Microsoft.Resources",
      "Microsoft.Storage",
    ])
      assert.ok(required.includes(namespace), `${namespace} missing from ${required.join(", ")}`);
    assert.deepEqual(required, [...new Set(required)].sort());
  });

  test("an azurerm type the table does not know fails instead of being skipped", async () => {
    assert.throws(() => azurermNamespace("azurerm_cosmosdb_account"), { code: "PROVIDER_UNKNOWN_TYPE" });
    const dir = await mkdtemp(path.join(tmpdir(), "airlock-infra-"));
    try {
      await writeFile(path.join(dir, "main.tf"), 'resource "azurerm_redis_cache" "x" {}\n');
      await assert.rejects(requiredProviders(dir), { code: "PROVIDER_UNKNOWN_TYPE" });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("each root's backend block names its own state group, account and container", async () => {
    const infra = path.join(REPO_ROOT, "infra");
    assert.deepEqual(await stateBackend(infra, "dev"), {
      resourceGroup: "rg-aml-tfstate-dev-cc01",
      storageAccount: "amltfstatedevcc01",
      container: "tfstate",
      key: "airlock-dev.tfstate",
    });
    assert.equal((await stateBackend(infra, "prod")).storageAccount, "amltfstateprodcc01");
  });
});
