/**
 * A stable hash of any JSON value: keys are visited in sorted order, so two states that
 * are equal as data hash the same however they were built. 64-bit FNV-1a, as hex.
 */
export function stateHash(value: unknown): string {
  let h1 = 0x811c9dc5;
  let h2 = 0xcbf29ce4;
  const feed = (text: string) => {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
      h2 = Math.imul(h2 ^ c, 0x0100019d) >>> 0;
    }
  };
  const walk = (v: unknown): void => {
    if (v === null || typeof v !== 'object') {
      feed(v === undefined ? 'u' : JSON.stringify(v));
      return;
    }
    if (Array.isArray(v)) {
      feed('[');
      for (const item of v) {
        walk(item);
        feed(',');
      }
      feed(']');
      return;
    }
    feed('{');
    for (const key of Object.keys(v).sort()) {
      feed(JSON.stringify(key));
      feed(':');
      walk((v as Record<string, unknown>)[key]);
      feed(',');
    }
    feed('}');
  };
  walk(value);
  return h2.toString(16).padStart(8, '0') + h1.toString(16).padStart(8, '0');
}
