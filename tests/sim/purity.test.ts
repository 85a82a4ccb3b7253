import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SIM = join(import.meta.dirname, '..', '..', 'src', 'sim');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** What the simulator may never touch: the host, the DOM, clocks, timers, or randomness of its own. */
const FORBIDDEN: Array<[RegExp, string]> = [
  [/from\s+['"](node:|electron|react|react-dom|d3|@xterm|immer|zod|ws)/, 'imports a host library'],
  [/\brequire\(/, 'uses require'],
  [/\bMath\.random\b/, 'draws randomness outside the seeded generator'],
  [/\b(Date\.now|new Date\(|performance\.now)\b/, 'reads a clock'],
  [/\b(setTimeout|setInterval|queueMicrotask)\b/, 'uses a timer'],
  [/\b(window|document|globalThis)\./, 'reaches for a global'],
  // A module-level variable would be state that no snapshot holds and no replay restores.
  [/^(export\s+)?(let|var)\s/, 'keeps mutable state at module level'],
  // An empty collection at module level is a cache: derived data is kept only through
  // base/derived.ts, whose rules make it impossible for the cache to diverge from the state.
  [/^(export\s+)?const\s+\w+(:[^=]+)?\s*=\s*new\s+(WeakMap|WeakSet|Map|Set)\b(<[^>]*>)?\(\s*\)/, 'keeps a cache at module level outside base/derived.ts'],
];

describe('the simulator is pure', () => {
  it('no file in src/sim imports the host, reads a clock, uses a timer, Math.random or module-level variables', () => {
    const problems: string[] = [];
    for (const file of sources(SIM)) {
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, i) => {
        if (/^\s*(\/\/|\*)/.test(line)) return;
        for (const [re, why] of FORBIDDEN) if (re.test(line)) problems.push(`${relative(SIM, file)}:${i + 1} ${why}: ${line.trim()}`);
      });
    }
    expect(problems).toEqual([]);
  });
});
