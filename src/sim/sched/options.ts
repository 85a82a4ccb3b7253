import type { SchedConfig } from './policy.ts';

/**
 * Reading a policy's options out of SchedConfig.options, which arrives from scenario files
 * and the UI as unknown JSON. Each reader returns a usable value (the default when the
 * option is absent or bad) and records what was wrong, so `init` never throws and
 * `check` can name the field.
 */
export interface OptionReader {
  /** An integer in [min, max]. */
  int(name: string, def: number, min: number, max: number): number;
  /** A number in [min, max]. */
  num(name: string, def: number, min: number, max: number): number;
  bool(name: string, def: boolean): boolean;
  /** One of `choices`. */
  choice<T extends string>(name: string, def: T, choices: readonly T[]): T;
  /** A list of integers in [min, max], or a single integer meaning "this for every entry". */
  intList(name: string, def: number[], length: number, min: number, max: number): number[];
  /** A record of name -> integer in [min, max]. */
  intRecord(name: string, min: number, max: number): Record<string, number>;
  errors: string[];
}

export function readOptions(cfg: SchedConfig): OptionReader {
  const raw = cfg.options && typeof cfg.options === 'object' ? cfg.options : {};
  const errors: string[] = [];
  const bad = (name: string, want: string) => errors.push(`options.${name}: expected ${want}, got ${JSON.stringify(raw[name])}`);
  const isInt = (v: unknown, min: number, max: number): v is number =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
  return {
    errors,
    int(name, def, min, max) {
      const v = raw[name];
      if (v === undefined) return def;
      if (isInt(v, min, max)) return v;
      bad(name, `an integer from ${min} to ${max}`);
      return def;
    },
    num(name, def, min, max) {
      const v = raw[name];
      if (v === undefined) return def;
      if (typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max) return v;
      bad(name, `a number from ${min} to ${max}`);
      return def;
    },
    bool(name, def) {
      const v = raw[name];
      if (v === undefined) return def;
      if (typeof v === 'boolean') return v;
      bad(name, 'true or false');
      return def;
    },
    choice(name, def, choices) {
      const v = raw[name];
      if (v === undefined) return def;
      if (typeof v === 'string' && (choices as readonly string[]).includes(v)) return v as typeof def;
      bad(name, `one of ${choices.join(', ')}`);
      return def;
    },
    intList(name, def, length, min, max) {
      const v = raw[name];
      if (v === undefined) return def;
      if (isInt(v, min, max)) return Array.from({ length }, () => v);
      if (Array.isArray(v) && v.length === length && v.every((x) => isInt(x, min, max))) return [...v];
      bad(name, `${length} integers from ${min} to ${max} (or one for all)`);
      return def;
    },
    intRecord(name, min, max) {
      const v = raw[name];
      if (v === undefined) return {};
      if (v && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((x) => isInt(x, min, max))) {
        return { ...(v as Record<string, number>) };
      }
      bad(name, `an object of integers from ${min} to ${max}`);
      return {};
    },
  };
}
