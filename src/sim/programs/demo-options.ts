/**
 * The options of the IPC teaching programs (producer, consumer, philosophers): `--name
 * value` pairs, bare `--flag`s, and operands. Each program says which names take a value;
 * numbers are checked here, so a typo gets a message rather than a NaN.
 */

export interface DemoOptions {
  values: Record<string, string>;
  flags: Record<string, true>;
  operands: string[];
}

export function parseDemoOptions(
  argv: readonly string[],
  valueNames: readonly string[],
  flagNames: readonly string[],
): DemoOptions | { error: string } {
  const out: DemoOptions = { values: {}, flags: {}, operands: [] };
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i];
    if (!word.startsWith('--')) {
      out.operands.push(word);
      continue;
    }
    const [name, attached] = word.slice(2).split('=', 2);
    if (flagNames.includes(name) && attached === undefined) {
      out.flags[name] = true;
    } else if (valueNames.includes(name)) {
      const value = attached ?? argv[++i];
      if (value === undefined) return { error: `option '--${name}' needs a value` };
      out.values[name] = value;
    } else {
      return { error: `unknown option '${word}'` };
    }
  }
  return out;
}

/** A whole number in [min, max] from an option or operand, its default when absent, or an error. */
export function wholeNumber(text: string | undefined, fallback: number, what: string, min = 0, max = 1_000_000): number | { error: string } {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) return { error: `invalid ${what} '${text}' (a whole number from ${min} to ${max})` };
  return n;
}
