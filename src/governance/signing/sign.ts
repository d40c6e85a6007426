/**
 * @module governance/signing/sign
 * Signs a decision with a person's SSH key the way git signs commits: `ssh-keygen -Y sign -f <keyFile>
 * -n airlock-decision` over the DSSE PAE bytes on stdin. `keyFile` may be a private key, or a public key whose
 * private half is in ssh-agent (SSH_AUTH_SOCK in `env`); FIDO `sk-` keys work through the same command (the
 * authenticator asks for a touch; ssh-keygen's prompts are passed to `onPrompt`).
 */
import { spawn } from "node:child_process";
import { access, constants, readFile } from "node:fs/promises";
import { AirlockError, ExitCode, NotFoundError, UnavailableError } from "../../errors.ts";
import { type Decision, type DsseEnvelope, decisionPayload, IN_TOTO_PAYLOAD_TYPE, pae } from "./envelope.ts";
import {
  DECISION_NAMESPACE,
  dearmorSshSignature,
  parseSshSignature,
  SshSigError,
  signSshSigEd25519,
  verifySshSignature,
} from "./sshsig.ts";
import { twinEd25519Key } from "./twin-keys.ts";

/** ssh-keygen could not sign (agent without the key, wrong passphrase, no touch, bad key file). */
export class SigningError extends AirlockError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(code, message, { exitCode: ExitCode.failure, details });
  }
}

export interface SignWithSshOptions {
  /** Private key file, or public key file whose private key is in ssh-agent. */
  keyFile: string;
  /** Tests only: Airlock verifies only "airlock-decision". */
  namespace?: string;
  /** Environment for ssh-keygen (SSH_AUTH_SOCK, SSH_SK_PROVIDER …); default process.env. */
  env?: NodeJS.ProcessEnv;
  /**
   * The key is in ssh-agent only (`keyFile` is its public key): ssh-keygen `-U`, as git passes for a literal
   * `key::` signing key, so ssh-keygen never looks for a private key file.
   */
  agentOnly?: boolean;
  /** ssh-keygen's messages to the person (e.g. "Confirm user presence for key …"), line by line. */
  onPrompt?: (line: string) => void;
}

/** Signs `decision` and returns its DSSE envelope (see envelope.ts for the format). */
export async function signWithSsh(decision: Decision, options: SignWithSshOptions): Promise<DsseEnvelope> {
  const payload = decisionPayload(decision);
  const message = pae(IN_TOTO_PAYLOAD_TYPE, payload);
  const namespace = options.namespace ?? DECISION_NAMESPACE;
  try {
    await access(options.keyFile, constants.R_OK);
  } catch (error) {
    throw new NotFoundError(
      "SIGNING_KEY_NOT_FOUND",
      `signing key ${options.keyFile} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      { keyFile: options.keyFile },
    );
  }
  const args = ["-Y", "sign", "-f", options.keyFile, "-n", namespace];
  if (options.agentOnly) args.push("-U");
  const armored = await runSshKeygen(args, message, options);
  let keyid: string;
  try {
    const sig = parseSshSignature(dearmorSshSignature(armored));
    // Check what ssh-keygen produced before anyone relies on it (a wrong agent key, a broken token).
    verifySshSignature(sig, message, namespace);
    keyid = sig.publicKey.fingerprint;
  } catch (error) {
    if (!(error instanceof SshSigError)) throw error;
    throw new SigningError(
      "SIGNING_FAILED",
      `ssh-keygen produced a signature Airlock cannot verify (${error.message})`,
      { keyFile: options.keyFile },
    );
  }
  return {
    payloadType: IN_TOTO_PAYLOAD_TYPE,
    payload: payload.toString("base64"),
    signatures: [{ keyid, sig: Buffer.from(armored, "utf8").toString("base64") }],
  };
}

/**
 * Signs as a twin person with the key the twin generated for them (twin-keys.ts), in process: the same bytes
 * `ssh-keygen -Y sign` writes for that key (ed25519 is deterministic), without a process per decision. A key
 * file that is not one the twin writes is signed by ssh-keygen as usual (signWithSsh).
 */
export async function signWithTwinKey(decision: Decision, keyFile: string): Promise<DsseEnvelope> {
  const text = await readFile(keyFile, "utf8").catch(() => undefined);
  const key = text === undefined ? undefined : twinEd25519Key(text);
  if (!key) return signWithSsh(decision, { keyFile });
  const payload = decisionPayload(decision);
  const message = pae(IN_TOTO_PAYLOAD_TYPE, payload);
  const armored = signSshSigEd25519(key.privateKey, key.publicKey, message);
  try {
    // The same check as for ssh-keygen's output: nothing leaves here that Airlock would not verify (a key file
    // whose private half was edited to no longer match its public header fails it).
    verifySshSignature(parseSshSignature(dearmorSshSignature(armored)), message);
  } catch (error) {
    if (!(error instanceof SshSigError)) throw error;
    throw new SigningError(
      "SIGNING_FAILED",
      `the twin key ${keyFile} signs what it cannot verify (${error.message})`,
      {
        keyFile,
      },
    );
  }
  return {
    payloadType: IN_TOTO_PAYLOAD_TYPE,
    payload: payload.toString("base64"),
    signatures: [{ keyid: key.publicKey.fingerprint, sig: Buffer.from(armored, "utf8").toString("base64") }],
  };
}

function runSshKeygen(args: string[], stdin: Buffer, options: SignWithSshOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("ssh-keygen", args, {
      env: options.env ?? process.env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: string[] = [];
    let pending = "";
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      pending += chunk;
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        if (line.trim() === "" || line.startsWith("Signing data on standard input")) continue;
        err.push(line);
        options.onPrompt?.(line);
      }
    });
    child.on("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "ENOENT"
          ? new UnavailableError(
              "SSH_KEYGEN_NOT_FOUND",
              "ssh-keygen (OpenSSH 8.2 or later) is needed to sign decisions and is not on PATH",
            )
          : new SigningError("SIGNING_FAILED", `cannot run ssh-keygen: ${error.message}`),
      );
    });
    child.on("close", (status) => {
      if (pending.trim()) err.push(pending.trim());
      if (status === 0) return resolve(Buffer.concat(out).toString("utf8"));
      reject(
        new SigningError(
          "SIGNING_FAILED",
          `ssh-keygen -Y sign -f ${options.keyFile} failed (exit ${status}): ${err.join(" ") || "no message"}`,
          { keyFile: options.keyFile, stderr: err.join("\n") },
        ),
      );
    });
    child.stdin.on("error", () => {
      // ssh-keygen exited before reading everything: its exit status and message tell why.
    });
    child.stdin.end(stdin);
  });
}
