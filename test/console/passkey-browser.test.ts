/**
 * The console's passkey decisions in a real headless Chromium (test/helpers/browser.ts) with a CDP virtual
 * authenticator, against one twin: bob registers a passkey (the twin adds it to its bob), approves alice's
 * request with it and `airlock promote` passes the gate; a rejection makes promote exit 7; mallory's passkey,
 * which is in no registry, is recorded but not counted; requests from another origin or without the CSRF token
 * are refused. Then axe-core on every page (no serious or critical violations) and screenshots into
 * docs/console/ when AIRLOCK_SCREENSHOTS=1.
 */
import assert from "node:assert/strict";
import { mkdir, readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import { type RunningConsole, startConsole } from "../../src/console/app.ts";
import type { AirlockError } from "../../src/errors.ts";
import { parseApproversRegistry } from "../../src/governance/signing/index.ts";
import { requestPromotion, requestStatuses } from "../../src/promotion/gate.ts";
import { type AssetSpec, promote } from "../../src/promotion/promote.ts";
import { launchBrowser, type Session, seriousViolations, type TestBrowser } from "../helpers/browser.ts";
import { REPO_ROOT } from "../helpers/cli.ts";
import { airlock, CI, prepareModel, register, startWorld, type World } from "../promotion/fixture.ts";

let world: World;
let browser: TestBrowser;
let consoleApp: RunningConsole;
let bob: Session;
const SCREENSHOTS = process.env.AIRLOCK_SCREENSHOTS === "1";

/** A model alice registered in dev and asked to promote; returns the asset and the request id. */
async function requested(name: string): Promise<{ asset: AssetSpec; requestId: string }> {
  const file = await prepareModel(world, "1", name, name);
  await register(world, file);
  const asset: AssetSpec = { kind: "model", name, version: "1" };
  const request = await requestPromotion(world.alice, asset, world.policy, { justification: `ship ${name}` });
  return { asset, requestId: request.requestId };
}

/**
 * One pending request of alice's for the tests that only look at a request nobody decides (a refused or
 * replayed decision, a page to check): made once, on first use.
 */
let pendingRequest: Promise<{ asset: AssetSpec; requestId: string }> | undefined;
function pending(): Promise<{ asset: AssetSpec; requestId: string }> {
  pendingRequest ??= requested("pk-pending");
  return pendingRequest;
}

/** Clicks Approve or Reject in the request's decision panel and returns the panel's outcome and status text. */
async function decide(session: Session, requestId: string, decision: "approve" | "reject", text: string) {
  const { page } = session;
  await page.goto(`${consoleApp.origin}/requests/${requestId}`);
  await page.fill("#decision-text", text);
  await page.click(`button[value="${decision}"]`);
  const panel = page.locator("[data-airlock-decision][data-outcome]");
  await panel.waitFor();
  return {
    outcome: await panel.getAttribute("data-outcome"),
    status: (await page.locator("[data-airlock-decision] [data-airlock-status]").textContent()) ?? "",
  };
}

/** Starts bob's console and opens its start link (the one-time token works on any of its pages) at `page`. */
async function openConsole(session: Session, page: string, port = 0): Promise<void> {
  consoleApp = await startConsole({ connection: await world.connectAs("bob"), policy: world.policy, port });
  const start = new URL(consoleApp.url);
  start.pathname = page;
  await session.page.goto(start.href);
}

/** The CSRF token the console put in the page bob's browser shows. */
async function csrfToken(page: Page): Promise<string> {
  return page.evaluate(
    () => document.querySelector('meta[name="x-airlock-csrf"]')?.getAttribute("content") ?? "",
  );
}

async function promoteCli(asset: AssetSpec) {
  return airlock(["promote", asset.kind, `${asset.name}@${asset.version}`, "--to", "prod"], world.cliEnv(CI));
}

/**
 * The first text matching `pattern` that is written to stdout from now on, captured or not: an in-process
 * `airlock` run (runCli) prints its URL while it still runs. Whatever else shares stdout (the test runner's
 * own stream, in a file's child process) is looked through, not parsed. runCli's capture is set up first (a
 * `--version` run), so this tap sits above it and is removed again by `stop()`.
 */
function stdoutMatch(pattern: RegExp): { text: Promise<string>; stop(): void } {
  const underlying = process.stdout.write;
  let seen = "";
  let found: (text: string) => void = () => undefined;
  const text = new Promise<string>((resolve) => {
    found = resolve;
  });
  const tap = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
    seen += typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8");
    const match = pattern.exec(seen);
    if (match) found(match[0]);
    seen = seen.slice(-4096);
    return (underlying as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof process.stdout.write;
  process.stdout.write = tap;
  return {
    text,
    stop: () => {
      if (process.stdout.write === tap) process.stdout.write = underlying;
    },
  };
}

describe("the console's passkeys in Chromium", () => {
  // Per file, not for the whole shard: top-level hooks would hold the twin and Chromium while other files run.
  before(async () => {
    world = await startWorld();
    // runCli's stdout capture goes in first, so stdoutMatch's tap (above it) can come and go.
    await airlock(["--version"], {});
    browser = await launchBrowser();
    bob = await browser.newSession();
    // bob registers a passkey through the console's /passkeys page; on the twin it is added to the twin's bob.
    await openConsole(bob, "/passkeys");
    await bob.page.click("[data-airlock-register]");
    await bob.page.locator("[data-airlock-passkey-registration][data-outcome]").waitFor();
    const port = consoleApp.port;
    await consoleApp.close();
    // The console reads the approvers registry once, as every command does: the next one sees bob's passkey.
    // Same port, so the passkey's registered origin is this console's.
    await openConsole(bob, "/", port);
  });

  after(async () => {
    await consoleApp?.close();
    await browser?.close();
    await world?.close();
  });

  describe("passkey registration", () => {
    test("the passkey bob created is the twin's bob's, with the console's RP ID and origin", async () => {
      const saved = JSON.parse(
        await readFile(path.join(world.stateDir, "keys", "bob.passkeys.json"), "utf8"),
      );
      const [held] = await bob.credentials();
      assert.equal(saved.length, 1);
      assert.equal(saved[0].credentialId, held?.credentialId);
      assert.equal(saved[0].rpId, "localhost");
      assert.deepEqual(saved[0].origins, [consoleApp.origin]);
    });
  });

  describe("airlock approvers add-passkey", () => {
    test("runs the registration ceremony in the browser and prints the registry entry to add", async () => {
      // In this process (runCli), as bin/airlock.js would run it; the URL line is read as the command prints it.
      const printed = stdoutMatch(/\{"url":"[^"\n]+"\}(?=\n)/);
      const run = airlock(
        ["approvers", "add-passkey", "--name", "carol", "--port", "0", "--no-open", "--json"],
        world.cliEnv("bob"),
      );
      const session = await browser.newSession();
      try {
        const first = await Promise.race([
          printed.text,
          run.then((r) => assert.fail(`add-passkey ended first: ${r.stderr}`)),
        ]);
        const { url } = JSON.parse(first) as { url: string };
        await session.page.goto(url);
        await session.page.click("[data-airlock-register]");
        const { code, stdout, stderr } = await run;
        assert.equal(code, 0, stderr);
        const lines = stdout.split("\n");
        assert.equal(lines[0], first, "the URL is the first line the command prints");
        const result = JSON.parse(lines.slice(1).join("\n")) as {
          person: string;
          yaml: string;
          addedToTwin: boolean;
          origin: string;
        };
        const [held] = await session.credentials();
        assert.equal(result.person, "carol");
        assert.equal(result.addedToTwin, false);
        assert.equal(result.origin, new URL(url).origin.replace("127.0.0.1", "localhost"));
        // The printed entry is a valid registry key of carol's, for the credential the browser holds.
        const registry = parseApproversRegistry(
          `version: 1\npeople:\n  - id: carol\n    principals: [carol@contoso.com]\n    keys:\n${result.yaml
            .trimEnd()
            .split("\n")
            .map((line) => `      ${line}`)
            .join("\n")}\n`,
          "test",
          "sha256:x",
        );
        const key = registry.people[0]?.keys[0];
        assert.equal(key?.kind, "webauthn");
        assert.equal(key?.keyid, `webauthn:${held?.credentialId}`);
      } finally {
        printed.stop();
        await session.close();
      }
    });
  });

  describe("passkey decisions", () => {
    test("bob approves alice's request with his passkey, and `airlock promote` passes the gate", async () => {
      const { asset, requestId } = await requested("pk-approved");
      const { outcome, status } = await decide(bob, requestId, "approve", "checked the metrics");
      assert.equal(outcome, "counted", status);
      if (SCREENSHOTS) {
        await mkdir(path.join(REPO_ROOT, "docs", "console"), { recursive: true });
        await bob.page.locator("#decision").screenshot({
          path: path.join(REPO_ROOT, "docs", "console", "passkey-approval.png"),
        });
      }
      const [state] = (await requestStatuses(world.bob, world.policy, { requestId })).requests;
      assert.equal(state?.state, "approved");
      assert.match(state?.validApprovals[0]?.keyid ?? "", /^webauthn:/);
      const promoted = await promoteCli(asset);
      assert.equal(promoted.code, 0, promoted.stderr);
    });

    test("a rejection in the console makes `airlock promote` fail with exit 7", async () => {
      const { asset, requestId } = await requested("pk-rejected");
      const { outcome, status } = await decide(bob, requestId, "reject", "the metrics regressed");
      assert.equal(outcome, "counted", status);
      const [state] = (await requestStatuses(world.bob, world.policy, { requestId })).requests;
      assert.equal(state?.state, "rejected");
      assert.equal(state?.rejection?.reason, "the metrics regressed");
      const promoted = await promoteCli(asset);
      assert.equal(promoted.code, 7, promoted.stderr);
    });

    test("mallory's passkey, in no registry, is recorded but not counted, and the gate stays closed (exit 7)", async () => {
      const { asset, requestId } = await requested("pk-mallory");
      // mallory at bob's unlocked console, with a passkey of her own for this site.
      const mallory = await browser.newSession();
      try {
        await mallory.context.addCookies(await bob.context.cookies());
        await mallory.page.goto(`${consoleApp.origin}/requests/${requestId}`);
        await mallory.page.evaluate(async () => {
          await navigator.credentials.create({
            publicKey: {
              challenge: crypto.getRandomValues(new Uint8Array(32)),
              rp: { id: "localhost", name: "Airlock" },
              user: {
                id: crypto.getRandomValues(new Uint8Array(16)),
                name: "mallory",
                displayName: "mallory",
              },
              pubKeyCredParams: [{ type: "public-key", alg: -7 }],
              authenticatorSelection: { residentKey: "required", userVerification: "required" },
            },
          });
        });
        const { outcome, status } = await decide(mallory, requestId, "approve", "lgtm");
        assert.equal(outcome, "not-counted", status);
        assert.match(status, /KEY_NOT_IN_REGISTRY/);
      } finally {
        await mallory.close();
      }
      const { requests, ignored } = await requestStatuses(world.bob, world.policy, { requestId });
      assert.equal(requests[0]?.state, "pending");
      assert.ok(ignored.some((i) => i.requestId === requestId && i.code === "KEY_NOT_IN_REGISTRY"));
      // The same library call `airlock promote` makes (its exit status is the error's): the gate stays closed.
      await assert.rejects(promote(world.ci, asset, world.policy), (error: AirlockError) => {
        assert.equal(error.exitCode, 7, error.message);
        assert.match(error.message, /KEY_NOT_IN_REGISTRY/);
        return true;
      });
    });

    test("a decision from another origin, or without the CSRF token, is refused before anything is signed", async () => {
      const { requestId } = await pending();
      await bob.page.goto(`${consoleApp.origin}/requests/${requestId}`);
      const token = await csrfToken(bob.page);
      const cookie = (await bob.context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
      const attempt = (headers: Record<string, string>) =>
        fetch(`${consoleApp.origin}/api/decisions/${requestId}/options`, {
          method: "POST",
          headers: { "content-type": "application/json", cookie, ...headers },
          body: JSON.stringify({ decision: "approve", text: "" }),
        });
      const foreign = await attempt({ origin: "http://evil.example", "x-airlock-csrf": token ?? "" });
      assert.equal(foreign.status, 403);
      assert.equal(
        ((await foreign.json()) as { error: { code: string } }).error.code,
        "CONSOLE_ORIGIN_REFUSED",
      );
      const noToken = await attempt({ origin: consoleApp.origin });
      assert.equal(noToken.status, 403);
      assert.equal(
        ((await noToken.json()) as { error: { code: string } }).error.code,
        "CONSOLE_CSRF_REFUSED",
      );
      // The same request from the console's origin with its token is answered with the Statement to sign.
      const own = await attempt({ origin: consoleApp.origin, "x-airlock-csrf": token ?? "" });
      assert.equal(own.status, 200);
      const body = (await own.json()) as { ceremony: { statement: { predicate: { requestId: string } } } };
      assert.equal(body.ceremony.statement.predicate.requestId, requestId);
      // And in the browser: a page on another origin submits a decision form with whatever bob's browser sends.
      const target = `${consoleApp.origin}/api/decisions/${requestId}/options`;
      const attacker = createServer((_req, res) => {
        res.setHeader("content-type", "text/html");
        res.end(
          `<!doctype html><title>elsewhere</title><form method="post" action="${target}" enctype="text/plain"><input name='{"decision":"approve","text":"' value='"}'><button>go</button></form>`,
        );
      });
      await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
      try {
        await bob.page.goto(`http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`);
        const [answer] = await Promise.all([
          bob.page.waitForNavigation({ timeout: 10_000 }),
          bob.page.click("button"),
        ]);
        const status = answer?.status();
        assert.ok(status === 401 || status === 403, `a cross-origin decision answered ${status}`);
      } finally {
        attacker.close();
      }
    });
  });

  describe("passkey decisions people could try to get around", () => {
    test("an assertion is used once, and only for the request it was made for", async () => {
      const { requestId } = await requested("pk-once");
      const other = await pending();
      // The decision the page posts, as sent (watched, not intercepted).
      const decision = bob.page.waitForRequest(
        (r) => r.method() === "POST" && new URL(r.url()).pathname === `/api/decisions/${requestId}`,
      );
      const { outcome, status } = await decide(bob, requestId, "approve", "");
      assert.equal(outcome, "counted", status);
      const posted = (await decision).postData() ?? "";
      assert.ok(posted, "the page posted its assertion");
      const token = await csrfToken(bob.page);
      const cookie = (await bob.context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
      const replay = async (id: string) => {
        const response = await fetch(`${consoleApp.origin}/api/decisions/${id}`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            cookie,
            origin: consoleApp.origin,
            "x-airlock-csrf": token,
          },
          body: posted,
        });
        return {
          status: response.status,
          code: ((await response.json()) as { error?: { code: string } }).error?.code,
        };
      };
      assert.deepEqual(await replay(other.requestId), { status: 400, code: "PASSKEY_CEREMONY_UNKNOWN" });
      assert.deepEqual(await replay(requestId), { status: 400, code: "PASSKEY_CEREMONY_UNKNOWN" });
      const [state] = (await requestStatuses(world.bob, world.policy, { requestId: other.requestId }))
        .requests;
      assert.equal(state?.state, "pending");
      assert.equal(state?.approvals.length, 0);
    });

    test("alice at her own console cannot approve her own request: refused before any passkey is asked", async () => {
      const { requestId } = await pending();
      const alice = await startConsole({ connection: await world.connectAs("alice"), policy: world.policy });
      try {
        const start = await fetch(alice.url, { redirect: "manual" });
        const cookie = (start.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
        const pageText = await (
          await fetch(`${alice.origin}/requests/${requestId}`, { headers: { cookie } })
        ).text();
        const token = /name="x-airlock-csrf" content="([^"]+)"/.exec(pageText)?.[1] ?? "";
        const response = await fetch(`${alice.origin}/api/decisions/${requestId}/options`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            cookie,
            origin: alice.origin,
            "x-airlock-csrf": token,
          },
          body: JSON.stringify({ decision: "approve", text: "" }),
        });
        assert.equal(response.status, 403);
        assert.equal(
          ((await response.json()) as { error: { code: string } }).error.code,
          "GATE_SELF_APPROVAL",
        );
      } finally {
        await alice.close();
      }
    });
  });

  describe("accessibility and screenshots", () => {
    test("every console page has no serious or critical axe-core violations", async () => {
      const { requestId } = await pending();
      const axe = await browser.newSession({ bypassCSP: true });
      try {
        await axe.context.addCookies(await bob.context.cookies());
        const ledgerSeq = (await (await world.ci.ledger()).read()).at(-1)?.seq ?? 0;
        const pages: Array<[string, string]> = [
          ["inbox", "/"],
          ["request", `/requests/${requestId}`],
          ["catalogue", "/catalogue"],
          ["timeline", "/assets/model/pk-approved/1"],
          ["ledger", "/ledger"],
          ["ledger-record", `/ledger/${ledgerSeq}`],
          ["endpoints", "/endpoints"],
          ["passkeys", "/passkeys"],
        ];
        if (SCREENSHOTS) await mkdir(path.join(REPO_ROOT, "docs", "console"), { recursive: true });
        const problems: string[] = [];
        for (const [name, url] of pages) {
          const response = await axe.page.goto(`${consoleApp.origin}${url}`);
          assert.equal(response?.status(), 200, `${url} answered ${response?.status()}`);
          for (const v of await seriousViolations(axe.page))
            problems.push(
              `${url}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.map((n) => n.html).join(" | ")}`,
            );
          if (SCREENSHOTS)
            await axe.page.screenshot({
              path: path.join(REPO_ROOT, "docs", "console", `${name}.png`),
              fullPage: true,
            });
        }
        assert.deepEqual(problems, []);
        // The check itself finds a serious problem where there is one (an image without alternative text).
        await axe.page.setContent(
          '<!doctype html><html lang="en"><title>t</title><main><img src="x.png"></main></html>',
        );
        assert.ok((await seriousViolations(axe.page)).some((v) => v.id === "image-alt"));
      } finally {
        await axe.close();
      }
    });
  });
});
