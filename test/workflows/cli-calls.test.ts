/**
 * Every `airlock …` / `npx airlock …` a workflow or composite action runs names a command of the real CLI and
 * only flags that command declares — read from the CLI's own `--help`, so a renamed or removed flag fails here
 * rather than in a production run. A seeded workflow with a missing command or flag makes the check fail.
 */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: GitHub Actions expressions are written ${{ … }}
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, test } from "node:test";
import { REPO_ROOT, runCli } from "../helpers/cli.ts";
import {
  type AirlockCall,
  actionFiles,
  airlockCalls,
  bundleProblems,
  checkCall,
  type HelpReader,
  markdownScripts,
  runScripts,
  type WorkflowFile,
  workflowFiles,
} from "./workflow-files.ts";

const helpCache = new Map<string, Promise<string | undefined>>();
/** `airlock <path> --help` of the real CLI (run in this process, as runCli does; once per command). */
const cliHelp: HelpReader = (pathWords) => {
  const key = pathWords.join(" ");
  let cached = helpCache.get(key);
  if (!cached) {
    cached = runCli([...pathWords, "--help"]).then((r) => (r.code === 0 ? r.stdout : undefined));
    helpCache.set(key, cached);
  }
  return cached;
};

const callsIn = (files: WorkflowFile[]): AirlockCall[] =>
  files.flatMap((f) => runScripts(f).flatMap(airlockCalls));

async function problemsOf(calls: AirlockCall[]): Promise<string[]> {
  return (await Promise.all(calls.map((c) => checkCall(c, cliHelp)))).flat();
}

const files = [...(await workflowFiles()), ...(await actionFiles())];
const RUNBOOK_DIR = path.join(REPO_ROOT, "docs", "runbooks");
const runbooks: WorkflowFile[] = await Promise.all(
  (await readdir(RUNBOOK_DIR))
    .filter((n) => n.endsWith(".md"))
    .sort()
    .map(async (n) => ({
      name: `docs/runbooks/${n}`,
      content: await readFile(path.join(RUNBOOK_DIR, n), "utf8"),
    })),
);

describe("workflows call commands and flags that exist", () => {
  const calls = callsIn(files);

  test("the workflows' airlock invocations are found", () => {
    const commands = new Set(calls.map((c) => c.args.find((a) => !a.startsWith("-"))));
    for (const wanted of [
      "infra",
      "promote",
      "request",
      "status",
      "deploy",
      "invoke",
      "rollback",
      "audit",
      "lineage",
      "verify",
    ])
      assert.ok(commands.has(wanted), `no workflow runs airlock ${wanted}`);
    // Multi-line invocations are joined: the deploy call carries its flags from every line.
    const deploy = calls.find((c) => c.args[0] === "deploy")!;
    assert.equal(deploy.file, ".github/workflows/deploy.yml");
    for (const flag of [
      "--endpoint",
      "--env",
      "--environment",
      "--code",
      "--scoring-script",
      "--instance-type",
      "--instance-count",
      "--smoke-data",
      "--traffic",
      "--run-url",
      "--azure",
    ])
      assert.ok(deploy.args.includes(flag), `deploy call lacks ${flag}: ${deploy.text}`);
    const requests = calls.filter((c) => c.args[0] === "request").map((c) => `${c.file} ${c.args[1]}`);
    assert.deepEqual(requests.sort(), [
      ".github/workflows/deploy.yml deployment",
      ".github/workflows/promote.yml $KIND",
    ]);
  });

  test("every invocation resolves against `airlock … --help`", async () => {
    assert.deepEqual(await problemsOf(calls), []);
  });
});

describe("deploy.yml deploys exactly the bundle its deployment request binds", () => {
  const deployYml = files.find((f) => f.name === ".github/workflows/deploy.yml")!;

  test("the request and the deploy pass every bundle flag with the same values", async () => {
    assert.ok(deployYml, "deploy.yml exists");
    assert.deepEqual(await bundleProblems(deployYml, cliHelp), []);
  });

  /** deploy.yml with one replacement inside the deploy call (its last occurrence in the file). */
  const inDeployCall = (from: string, to: string): WorkflowFile => {
    const start = deployYml.content.indexOf("npx airlock deploy ");
    const at = deployYml.content.indexOf(from, start);
    assert.ok(start >= 0 && at > start, `deploy.yml's deploy call has no ${from}`);
    return {
      name: deployYml.name,
      content: deployYml.content.slice(0, at) + to + deployYml.content.slice(at + from.length),
    };
  };
  const cases: Array<[string, () => WorkflowFile, RegExp]> = [
    ["another model", () => inDeployCall('deploy "$MODEL"', 'deploy "$OTHER_MODEL"'), /--model differs/],
    [
      "another endpoint",
      () => inDeployCall('--endpoint "$ENDPOINT"', "--endpoint taxi-canary"),
      /--endpoint differs/,
    ],
    ["other code", () => inDeployCall('--code "$CODE"', "--code examples/other"), /--code differs/],
    [
      "the scoring script left to the default",
      () => inDeployCall('--scoring-script "$SCORING_SCRIPT" ', ""),
      /--scoring-script differs/,
    ],
    [
      "another instance count",
      () => inDeployCall('--instance-count "$INSTANCE_COUNT"', "--instance-count 3"),
      /--instance-count differs/,
    ],
    [
      "the variables dropped",
      () => inDeployCall('"${variables[@]}" ', ""),
      /--env: the request expands \["variables"\], deploy \[\]/,
    ],
    [
      "a literal variable added",
      () => inDeployCall('"${variables[@]}" ', '"${variables[@]}" --env DEBUG=1 '),
      /--env differs/,
    ],
    [
      "the variables built another way",
      () => ({
        name: deployYml.name,
        content: deployYml.content.replace(
          /for pair in "\$\{pairs\[@\]\}"; do variables\+=\(--env "\$pair"\); done(\n\s*npx airlock deploy )/,
          "variables=(--env DEBUG=1)$1",
        ),
      }),
      /the array variables is built differently/,
    ],
  ];
  for (const [what, seed, message] of cases) {
    test(`a deploy call with ${what} is found`, async () => {
      const seeded = seed();
      assert.notEqual(seeded.content, deployYml.content);
      const problems = await bundleProblems(seeded, cliHelp);
      assert.ok(
        problems.some((p) => message.test(p)),
        problems.join("\n") || "no problem found",
      );
    });
  }
});

describe("runbooks give commands and flags that exist", () => {
  const calls = runbooks.flatMap((f) => markdownScripts(f).flatMap(airlockCalls));

  test("every runbook has shell blocks with airlock commands", () => {
    for (const name of [
      "promote-a-model.md",
      "roll-back-a-deployment.md",
      "rotate-endpoint-keys.md",
      "rebuild-prod-environment.md",
      "break-glass.md",
      "add-a-person.md",
    ])
      assert.ok(
        calls.some((c) => c.file === `docs/runbooks/${name}`),
        `docs/runbooks/${name} has no airlock command in a sh block`,
      );
  });

  test("every runbook invocation resolves against `airlock … --help`", async () => {
    assert.deepEqual(await problemsOf(calls), []);
  });
});

describe("the check fails for a missing command or flag", () => {
  const seeded = (run: string): WorkflowFile => ({
    name: ".github/workflows/seeded.yml",
    content: `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - name: seeded\n        run: |\n${run
      .split("\n")
      .map((l) => `          ${l}`)
      .join("\n")}\n`,
  });

  const cases: Array<[string, string, RegExp]> = [
    [
      "unknown flag",
      'npx airlock promote model "$ASSET" --no-such-flag',
      /`airlock promote` has no option --no-such-flag/,
    ],
    ["unknown command", "npx airlock frobnicate --json", /`airlock frobnicate` is not a command/],
    ["unknown subcommand", "airlock audit frobnicate", /`airlock audit frobnicate` is not a command/],
    ["group without subcommand", "npx airlock audit --json", /`airlock audit` needs a subcommand/],
    [
      "unknown flag after a line continuation",
      'npx airlock deploy "$ASSET" --endpoint e \\\n  --canary-percent 5',
      /`airlock deploy` has no option --canary-percent/,
    ],
    [
      "flag=value form",
      "npx --no-install airlock infra check --plans=plan.json",
      /`airlock infra check` has no option --plans/,
    ],
    [
      "inside a pipeline",
      "id=$(npx airlock request model m@1 --jsn | jq -r .requestId)",
      /has no option --jsn/,
    ],
    [
      "a flag of another command",
      "npx airlock invoke --endpoint e --traffic 10,100",
      /`airlock invoke` has no option --traffic/,
    ],
  ];
  for (const [what, run, message] of cases) {
    test(what, async () => {
      const calls = callsIn([seeded(run)]);
      assert.equal(calls.length, 1, `found ${calls.length} calls in ${run}`);
      const problems = await problemsOf(calls);
      assert.equal(problems.length, 1, problems.join("\n"));
      assert.match(problems[0]!, message);
    });
  }

  test("valid calls pass, and words that are not airlock calls are ignored", async () => {
    const calls = callsIn([
      seeded(
        [
          "# npx airlock frobnicate (a comment)",
          'echo "run airlock later"',
          "npx airlock --version",
          'AIRLOCK_STATE_DIR=/tmp/x npx airlock audit verify --anchor "${{ steps.a.outputs.head }}" > out.json',
          "npx airlock promote model m@1 --to prod --plan --json 2>&1",
        ].join("\n"),
      ),
    ]);
    assert.equal(calls.length, 3);
    assert.deepEqual(await problemsOf(calls), []);
  });
});
