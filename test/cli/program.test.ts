/**
 * The program a run builds: a command line whose first word names a command declares only that command's
 * group (src/cli/main.ts COMMAND_GROUPS), so every run does not build all thirty-odd commands; help, a
 * mistyped command (its "did you mean") and completion still see every command.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Command } from "commander";
import { buildProgram, COMMAND_GROUPS, groupFor } from "../../src/cli/main.ts";
import { runCli } from "../helpers/cli.ts";

const names = (program: Command) => program.commands.flatMap((c) => [c.name(), ...c.aliases()]);
const argv = (...args: string[]) => ["node", "airlock", ...args];

test("COMMAND_GROUPS names exactly the top-level commands each group declares, each once", () => {
  for (const [register, commands] of COMMAND_GROUPS) {
    const program = new Command("airlock");
    register(program);
    assert.deepEqual(names(program), [...commands], register.name);
  }
  const all = COMMAND_GROUPS.flatMap(([, commands]) => commands);
  assert.equal(new Set(all).size, all.length, "a command in two groups");
  assert.deepEqual(names(buildProgram()), all);
});

test("a command's run builds only its group; root options, help and completion build every group", () => {
  const promotion = COMMAND_GROUPS.find(([, commands]) => commands.includes("promote"))!;
  assert.equal(groupFor(argv("promote", "model", "m:1")), promotion[0]);
  assert.deepEqual(names(buildProgram(argv("promote", "model", "m:1"))), [...promotion[1]]);
  const all = names(buildProgram());
  for (const line of [
    argv(),
    argv("--help"),
    argv("help", "promote"),
    argv("promot"),
    argv("completion", "bash"),
  ])
    assert.deepEqual(names(buildProgram(line)), all, line.join(" "));
});

test("a mistyped command is told the command it meant; completion lists commands of every group", async () => {
  const typo = await runCli(["promot", "model", "m:1"]);
  assert.equal(typo.code, 2, typo.stderr);
  assert.match(typo.stderr, /unknown command 'promot'[\s\S]*Did you mean promote\?/);
  const completion = await runCli(["completion", "bash"]);
  assert.equal(completion.code, 0, completion.stderr);
  for (const command of ["promote", "rollback", "approvers", "whoami", "environment"])
    assert.match(completion.stdout, new RegExp(`\\b${command}\\b`), command);
});

test("a command of each group runs with only its group built: its --help names its options", async () => {
  for (const [, commands] of COMMAND_GROUPS) {
    const help = await runCli([commands[0]!, "--help"]);
    assert.equal(help.code, 0, `${commands[0]}: ${help.stderr}`);
    assert.match(help.stdout, new RegExp(`^Usage: airlock ${commands[0]} `, "m"), commands[0]);
  }
});
