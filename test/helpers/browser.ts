/**
 * Test helper: one headless Chromium per test file, driven by playwright-core. The binary comes from the
 * `@sparticuz/chromium` npm package (it ships Chromium inside the package, so `npm ci` is all the set-up);
 * Debian's /usr/bin/chromium is the fallback. Flags per the machine notes: without the background-networking
 * ones Chromium keeps dialling out of a closed network. `@sparticuz/chromium`'s own default flags are NOT used:
 * they include --disable-web-security, which would hide exactly the cross-origin refusals the tests check.
 *
 * A DevTools-protocol virtual authenticator (CTAP2, internal transport, resident keys, user verification)
 * makes `navigator.credentials.create/get` work on http://localhost without hardware.
 */
import { access, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { type Browser, type BrowserContext, type CDPSession, chromium, type Page } from "playwright-core";

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

async function chromiumBinary(): Promise<string> {
  try {
    const sparticuz = (await import("@sparticuz/chromium")).default;
    return await sparticuz.executablePath();
  } catch (error) {
    const fallback = "/usr/bin/chromium";
    try {
      await access(fallback);
      return fallback;
    } catch {
      throw new Error(
        `no Chromium: @sparticuz/chromium failed (${(error as Error).message}) and ${fallback} is absent`,
      );
    }
  }
}

export interface TestBrowser {
  browser: Browser;
  /** A fresh context (cookies, storage) with its own virtual authenticator. */
  newSession(options?: { bypassCSP?: boolean }): Promise<Session>;
  close(): Promise<void>;
}

export interface Session {
  context: BrowserContext;
  page: Page;
  cdp: CDPSession;
  authenticatorId: string;
  /** The passkeys the virtual authenticator holds (id base64url → public/private material as CDP gives it). */
  credentials(): Promise<Array<{ credentialId: string; rpId?: string; userHandle?: string }>>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  const executablePath = await chromiumBinary();
  // launch() gives Chromium a fresh temporary --user-data-dir of its own (removed on close), and each
  // session below its own incognito-like context.
  const browser = await chromium.launch({ executablePath, headless: true, args: FLAGS });
  return {
    browser,
    async newSession(options = {}) {
      const context = await browser.newContext({
        ...(options.bypassCSP ? { bypassCSP: true } : {}),
        viewport: { width: 1280, height: 800 },
      });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send("WebAuthn.enable");
      const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
        options: {
          protocol: "ctap2",
          transport: "internal",
          hasResidentKey: true,
          hasUserVerification: true,
          isUserVerified: true,
          automaticPresenceSimulation: true,
        },
      });
      return {
        context,
        page,
        cdp,
        authenticatorId,
        async credentials() {
          const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
          return credentials.map((c) => ({
            credentialId: Buffer.from(c.credentialId, "base64").toString("base64url"),
            ...(c.rpId ? { rpId: c.rpId } : {}),
            ...(c.userHandle ? { userHandle: c.userHandle } : {}),
          }));
        },
        close: () => context.close(),
      };
    },
    async close() {
      await browser.close();
    },
  };
}

/** axe-core's script, injected with page.addScriptTag (a CSP-bypassing context is needed for that). */
let axe: Promise<string> | undefined;
export function axeSource(): Promise<string> {
  axe ??= readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
  return axe;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; html: string }>;
}

/** Runs axe-core on the page and returns the serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: await axeSource() });
  const violations = (await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as { axe: { run: (c: unknown) => Promise<{ violations: unknown[] }> } }
    ).axe;
    return (await axe.run(document)).violations;
  })) as AxeViolation[];
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html })),
    }));
}
