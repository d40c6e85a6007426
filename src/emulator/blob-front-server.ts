/**
 * @module emulator/blob-front-server
 * The blob front end as a child process of the twin (see blob-front.ts): configuration comes in the
 * environment, "ready" and control replies go back over IPC, and the process exits when its parent goes away.
 */

import { startBlobFront } from "./blob-front.ts";
import type { FrontReady, FrontRequest, StorageAccount } from "./blob-front-policy.ts";

function accountsFromEnvironment(): StorageAccount[] {
  return (process.env.AZURITE_ACCOUNTS ?? "")
    .split(";")
    .filter(Boolean)
    .map((entry) => {
      const [name = "", key = ""] = entry.split(":");
      return { name, key };
    });
}

async function main(): Promise<void> {
  const front = await startBlobFront({
    dataDir: process.env.AIRLOCK_BLOB_DATA_DIR!,
    host: process.env.AIRLOCK_BLOB_HOST ?? "127.0.0.1",
    port: Number(process.env.AIRLOCK_BLOB_PORT ?? 0),
    accounts: accountsFromEnvironment(),
    durableWrites: process.env.AIRLOCK_BLOB_DURABLE_WRITES !== "0",
    onFatal: () => void front.close().finally(() => process.exit(1)),
  });
  const stop = () => void front.close().finally(() => process.exit(0));
  process.on("message", (message: FrontRequest) => {
    void front.answer(message).then((reply) => {
      process.send?.(reply);
      if (message.op === "close") stop();
    });
  });
  // The twin is gone (even by SIGKILL): every acknowledged write is already saved, so stop at once rather
  // than race a successor that may already be loading the same files.
  process.on("disconnect", () => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  const ready: FrontReady = { ready: true, port: front.port };
  process.send?.(ready);
}

main().catch((error: Error) => {
  process.stderr.write(`blob front end failed to start: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
