/**
 * @module freeze
 * Deep freezing for parsed values that many callers share, and a small cache of them: a caller that tried to
 * change a shared value would change it for all, so the attempt throws instead (modules are strict).
 */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

/**
 * Remembers the last `kept` values `parse` made, by key (the parsed text and whatever else the result depends
 * on), frozen. A parse that throws is not remembered.
 */
export function frozenMemo<T>(kept: number): (key: string, parse: () => T) => T {
  const values = new Map<string, T>();
  return (key, parse) => {
    const known = values.get(key);
    if (known !== undefined) return known;
    const value = deepFreeze(parse());
    if (values.size >= kept) values.delete(values.keys().next().value!);
    values.set(key, value);
    return value;
  };
}
