/**
 * Test helper: a loopback webhook receiver (node:http on 127.0.0.1) that verifies every request's Standard
 * Webhooks signature with the `standardwebhooks` package — an implementation independent of Airlock's — and
 * answers per a behaviour of the request count; it can be stopped and restarted on the same port.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

export interface Received {
  id: string;
  /** Path and query of the request. */
  url: string;
  body: string;
  headers: Record<string, string>;
  verified: boolean;
  acknowledged: boolean;
}

export type Behaviour = (
  n: number,
  req: IncomingMessage,
  res: ServerResponse,
  body: string,
) => "ok" | "handled";

/** A loopback receiver that verifies each request's signature and answers per `behaviour` (request count n). */
export class Receiver {
  readonly received: Received[] = [];
  server: Server | undefined;
  port = 0;
  restarts = 0;
  count = 0;
  behaviour: Behaviour;

  readonly #verifier: Webhook;

  constructor(secret: string, behaviour: Behaviour = () => "ok") {
    this.#verifier = new Webhook(secret);
    this.behaviour = behaviour;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        const headers = Object.fromEntries(
          Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : (v ?? "")]),
        );
        let verified = true;
        try {
          this.#verifier.verify(body, headers);
        } catch {
          verified = false;
        }
        const entry: Received = {
          id: headers["webhook-id"] ?? "",
          url: req.url ?? "",
          body,
          headers,
          verified,
          acknowledged: false,
        };
        this.received.push(entry);
        this.count += 1;
        if (this.behaviour(this.count, req, res, body) === "ok") {
          entry.acknowledged = true;
          res.writeHead(verified ? 204 : 401).end();
        }
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Stops listening and drops every connection (a crash of the receiver). */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async restart(): Promise<void> {
    await this.start();
    this.restarts += 1;
  }

  acknowledgedIds(): Set<string> {
    return new Set(this.received.filter((r) => r.acknowledged && r.verified).map((r) => r.id));
  }
}
