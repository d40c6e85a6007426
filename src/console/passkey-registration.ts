/**
 * @module console/passkey-registration
 * The WebAuthn registration ceremony for an approver's passkey (`airlock approvers add-passkey`, and the
 * console's /passkeys page): options from @simplewebauthn/server generateRegistrationOptions (user
 * verification and a discoverable credential required, attestation "none": the registry entry is reviewed by
 * people, not trusted because of a vendor certificate), the browser's answer verified with
 * verifyRegistrationResponse, and the result as the `webauthn:` entry for governance/approvers.yml
 * (credentialId and COSE public key, base64url; RP ID localhost; the console's origin).
 *
 * Registering changes no trust: the entry counts only once it is committed through review (or, on the twin,
 * added to the twin person in the state dir, which is already the twin's trust root).
 */
import { randomBytes } from "node:crypto";
import { stringify } from "yaml";
import { InputError, VerificationError } from "../errors.ts";
import type { TwinPasskey } from "../governance/signing/twin-keys.ts";
import { CEREMONY_TTL_MS, CONSOLE_RP_ID } from "./passkey-ceremony.ts";

/** A registered passkey: the fields of a registry `webauthn:` entry. */
export type RegisteredPasskey = TwinPasskey;

interface Pending {
  person: string;
  expiresAt: number;
}

/** Registration ceremonies for one origin (http://localhost:<port>). */
export class RegistrationCeremonies {
  readonly #pending = new Map<string, Pending>();
  readonly #origin: string;
  readonly #now: () => number;

  constructor(origin: string, now: () => number = Date.now) {
    this.#origin = origin;
    this.#now = now;
  }

  /** PublicKeyCredentialCreationOptionsJSON for navigator.credentials.create(). */
  async begin(person: string): Promise<Record<string, unknown>> {
    if (!/^[a-z0-9][a-z0-9._-]{0,63}$/.test(person))
      throw new InputError(
        "PASSKEY_PERSON_INVALID",
        `"${person}" is not a registry person id (lower case letters, digits, . _ -; at most 64)`,
      );
    this.#sweep();
    const { generateRegistrationOptions } = await import("@simplewebauthn/server");
    const options = await generateRegistrationOptions({
      rpName: "Airlock",
      rpID: CONSOLE_RP_ID,
      userName: person,
      userID: new Uint8Array(randomBytes(16)),
      userDisplayName: person,
      timeout: CEREMONY_TTL_MS,
      attestationType: "none",
      authenticatorSelection: { residentKey: "required", userVerification: "required" },
      // ES256 first: every platform authenticator and security key has it.
      supportedAlgorithmIDs: [-7, -8, -257],
    });
    this.#pending.set(options.challenge, { person, expiresAt: this.#now() + CEREMONY_TTL_MS });
    return options as unknown as Record<string, unknown>;
  }

  /** Verifies the browser's RegistrationResponseJSON; resolves to the person and the registry entry. */
  async finish(body: unknown): Promise<{ person: string; passkey: RegisteredPasskey }> {
    this.#sweep();
    const response = (body as { credential?: unknown } | null)?.credential as
      | { id?: unknown; response?: { clientDataJSON?: unknown } }
      | undefined;
    if (typeof response?.id !== "string" || typeof response.response?.clientDataJSON !== "string")
      throw new InputError(
        "PASSKEY_REGISTRATION_INVALID",
        "expected { credential: RegistrationResponseJSON } from navigator.credentials.create()",
      );
    let challenge: string | undefined;
    try {
      challenge = JSON.parse(
        Buffer.from(response.response.clientDataJSON, "base64url").toString("utf8"),
      )?.challenge;
    } catch {
      challenge = undefined;
    }
    const pending = typeof challenge === "string" ? this.#pending.get(challenge) : undefined;
    if (!pending || typeof challenge !== "string")
      throw new InputError(
        "PASSKEY_CEREMONY_UNKNOWN",
        "no open registration answers this credential (it expired or was used): start again",
      );
    this.#pending.delete(challenge);
    const { verifyRegistrationResponse } = await import("@simplewebauthn/server");
    let info: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
    try {
      info = await verifyRegistrationResponse({
        // Shape checked by the library; a wrong shape is a verification failure below.
        response: response as Parameters<typeof verifyRegistrationResponse>[0]["response"],
        expectedChallenge: challenge,
        expectedOrigin: this.#origin,
        expectedRPID: CONSOLE_RP_ID,
        requireUserVerification: true,
      });
    } catch (error) {
      throw new VerificationError(
        "PASSKEY_REGISTRATION_REFUSED",
        `the passkey registration does not verify: ${(error as Error).message}`,
      );
    }
    if (!info.verified)
      throw new VerificationError("PASSKEY_REGISTRATION_REFUSED", "the passkey registration does not verify");
    const credential = info.registrationInfo.credential;
    return {
      person: pending.person,
      passkey: {
        credentialId: credential.id,
        publicKey: Buffer.from(credential.publicKey).toString("base64url"),
        rpId: CONSOLE_RP_ID,
        origins: [this.#origin],
      },
    };
  }

  #sweep(): void {
    const now = this.#now();
    for (const [challenge, pending] of this.#pending)
      if (pending.expiresAt <= now) this.#pending.delete(challenge);
  }
}

/** The YAML to add under the person's `keys:` in governance/approvers.yml. */
export function registryKeySnippet(passkey: RegisteredPasskey): string {
  return stringify([{ webauthn: passkey }], { lineWidth: 0 });
}
