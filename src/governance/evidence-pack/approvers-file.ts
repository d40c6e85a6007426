/**
 * @module governance/evidence-pack/approvers-file
 * An approvers registry written back as the YAML governance/approvers.yml holds. On the twin, alice, bob and
 * mallory sign with keys generated in the state dir (twin-keys.ts), which no committed registry names: the demo
 * writes them to a file so that `airlock evidence verify --approvers <file>` can check its pack.
 */
import { stringify } from "yaml";
import type { ApproversRegistry } from "../signing/index.ts";

export function registryFileText(registry: ApproversRegistry): string {
  const people = registry.people.map((person) => ({
    id: person.id,
    ...(person.name !== undefined ? { name: person.name } : {}),
    principals: person.principals,
    ...(person.github !== undefined ? { github: person.github } : {}),
    ...(person.validUntil !== undefined ? { validUntil: person.validUntil } : {}),
    keys: person.keys.map((key) =>
      key.kind === "ssh"
        ? { ssh: key.publicKey }
        : {
            webauthn: {
              credentialId: key.credentialId,
              publicKey: key.publicKey,
              rpId: key.rpId,
              origins: key.origins,
            },
          },
    ),
  }));
  return `# Approvers registry written by Airlock from ${registry.source}\n${stringify({ version: 1, people })}`;
}
