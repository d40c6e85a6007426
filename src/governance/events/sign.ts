/**
 * @module governance/events/sign
 * Standard Webhooks signatures (https://www.standardwebhooks.com, spec/standard-webhooks.md): HMAC-SHA256 over
 * `{webhook-id}.{webhook-timestamp}.{body}` with the secret's bytes (the base64 after `whsec_`), sent as
 * `webhook-signature: v1,<base64>`; `webhook-timestamp` is the attempt's time in whole seconds, so every retry
 * is signed anew under the same id. Written with node:crypto rather than the `standardwebhooks` package so that
 * the tests, which verify with that package, check us against an independent implementation.
 */
import { createHmac } from "node:crypto";

export interface WebhookHeaders {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
}

export function signWebhook(key: Buffer, id: string, at: Date, body: string): WebhookHeaders {
  // The spec forbids "." in the id and timestamp: they delimit the signed content.
  if (id.includes(".")) throw new Error(`a webhook id may not contain ".": ${id}`);
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const signature = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64");
  return { "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": `v1,${signature}` };
}
