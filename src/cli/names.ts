/**
 * @module cli/names
 * On the twin, ARM's systemData names a service principal by object id (as Azure does); every other output
 * names it, so the CLI prints the twin principal's name instead. Against Azure the id stays (the CLI does not
 * read the directory).
 */
export async function namedOnTwin<T>(mode: string, value: T): Promise<T> {
  if (mode !== "twin") return value;
  const { twinPrincipals } = await import("../emulator/principals.ts");
  const names = new Map(twinPrincipals().map((p) => [p.objectId, p.name]));
  const rename = (v: unknown): unknown =>
    typeof v === "string"
      ? (names.get(v) ?? v)
      : Array.isArray(v)
        ? v.map(rename)
        : v && typeof v === "object"
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rename(x)]))
          : v;
  return rename(value) as T;
}
