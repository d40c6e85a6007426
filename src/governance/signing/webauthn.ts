/**
 * @module governance/signing/webauthn
 * Passkey signatures on decisions (the browser console of a later issue produces them): the console asks the
 * authenticator for an assertion whose challenge is base64url(sha256(PAE)) of the envelope, and the envelope's
 * `sig` carries `{"webauthn":{credentialId,authenticatorData,clientDataJSON,signature}}` (base64url fields,
 * as `navigator.credentials.get()` returns them). Verified with @simplewebauthn/server against the credential
 * public key, rpId and origins registered for the person, requiring user verification (PIN or biometric).
 * The signature counter is not tracked: a replayed assertion still only re-proves the same signed payload.
 *
 * @simplewebauthn/server is loaded on the first passkey signature: most commands never see one, and it is a large
 * module graph to hold in every promoting process.
 */
import { compileSchema, describeSchemaErrors } from "../../platform/schema.ts";
import type { WebAuthnRegistryKey } from "./registry.ts";

export interface WebAuthnSignature {
  webauthn: { credentialId: string; authenticatorData: string; clientDataJSON: string; signature: string };
}

const B64URL = { type: "string", pattern: "^[A-Za-z0-9_-]+$" };
const validate = compileSchema<WebAuthnSignature>({
  type: "object",
  additionalProperties: false,
  required: ["webauthn"],
  properties: {
    webauthn: {
      type: "object",
      additionalProperties: false,
      required: ["credentialId", "authenticatorData", "clientDataJSON", "signature"],
      properties: {
        credentialId: B64URL,
        authenticatorData: B64URL,
        clientDataJSON: B64URL,
        signature: B64URL,
      },
    },
  },
});

/** Parses the signature bytes of a WebAuthn DSSE signature; a string names the problem. */
export function parseWebAuthnSignature(bytes: Buffer): WebAuthnSignature | string {
  let document: unknown;
  try {
    document = JSON.parse(bytes.toString("utf8"));
  } catch (error) {
    return `the WebAuthn signature is not JSON: ${(error as Error).message}`;
  }
  if (!validate(document)) return `WebAuthn signature ${describeSchemaErrors(validate.errors).join("; ")}`;
  return document;
}

/** Verifies an assertion over `challenge` against a registered credential; resolves to a problem or undefined. */
export async function verifyWebAuthnSignature(
  sig: WebAuthnSignature,
  key: WebAuthnRegistryKey,
  challenge: string,
): Promise<string | undefined> {
  const w = sig.webauthn;
  try {
    const result = await (await import("@simplewebauthn/server")).verifyAuthenticationResponse({
      response: {
        id: w.credentialId,
        rawId: w.credentialId,
        type: "public-key",
        clientExtensionResults: {},
        response: {
          authenticatorData: w.authenticatorData,
          clientDataJSON: w.clientDataJSON,
          signature: w.signature,
        },
      },
      expectedChallenge: challenge,
      expectedOrigin: key.origins,
      expectedRPID: key.rpId,
      expectedType: "webauthn.get",
      credential: {
        id: key.credentialId,
        publicKey: new Uint8Array(Buffer.from(key.publicKey, "base64url")),
        counter: 0,
      },
      requireUserVerification: true,
    });
    return result.verified ? undefined : "the WebAuthn assertion does not verify";
  } catch (error) {
    return `the WebAuthn assertion does not verify: ${(error as Error).message}`;
  }
}
