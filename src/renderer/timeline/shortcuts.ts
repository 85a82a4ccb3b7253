import type { GlassboxApi, SessionStatus } from '../../shared/protocol.ts';

/** The speeds the menu offers, in ticks per second. */
export const SPEEDS = [1, 5, 20, 100, 1000, 10_000, 100_000];

/**
 * The timeline's keyboard shortcuts. Each works while the terminal has focus, so it uses
 * Alt with a key a shell has no use for (matched by physical key, as Alt changes the
 * character on some layouts); plain Space and arrows do the same when focus is on the
 * page itself rather than on the terminal, a form control or a tab list.
 */
export interface Shortcut {
  id: 'play' | 'step' | 'stepBack' | 'slower' | 'faster' | 'help';
  /** How the help and tooltips spell it. */
  keys: string;
  /** The plain key that does it too when nothing that takes typing has focus. */
  plain?: string;
  what: string;
  code: string;
}

export const SHORTCUTS: Shortcut[] = [
  { id: 'play', keys: 'Alt+P', plain: 'Space', what: 'Play or pause', code: 'KeyP' },
  { id: 'step', keys: 'Alt+.', plain: '→', what: 'Step one tick (with Shift: ten)', code: 'Period' },
  { id: 'stepBack', keys: 'Alt+,', plain: '←', what: 'Step back one tick (with Shift: ten)', code: 'Comma' },
  { id: 'slower', keys: 'Alt+−', what: 'Slower: slow motion, typed commands run at this speed too', code: 'Minus' },
  { id: 'faster', keys: 'Alt+=', what: 'Faster', code: 'Equal' },
  { id: 'help', keys: 'F1', plain: '?', what: 'Show these keys', code: 'F1' },
];

const PLAIN: Record<string, Shortcut['id']> = { ' ': 'play', ArrowRight: 'step', ArrowLeft: 'stepBack', '?': 'help' };

/** Which shortcut a key press is, if any: `terminal` says whether the terminal (or another typing place) has focus. */
export function shortcutFor(e: KeyboardEvent, typing: boolean): Shortcut['id'] | null {
  if (e.code === 'F1' && !e.altKey && !e.ctrlKey && !e.metaKey) return 'help';
  if (e.altKey && !e.ctrlKey && !e.metaKey) return SHORTCUTS.find((s) => s.code === e.code && s.id !== 'help')?.id ?? null;
  if (typing || e.altKey || e.ctrlKey || e.metaKey) return null;
  return PLAIN[e.key] ?? null;
}

/** The tooltip for a control that a shortcut also drives. */
export function keysFor(id: Shortcut['id']): string {
  const s = SHORTCUTS.find((x) => x.id === id)!;
  return s.plain ? `${s.keys} or ${s.plain}` : s.keys;
}

/** The next speed down or up the menu's ladder from `speed`. */
export function nextSpeed(speed: number, direction: -1 | 1): number {
  if (direction < 0) return [...SPEEDS].reverse().find((s) => s < speed) ?? SPEEDS[0];
  return SPEEDS.find((s) => s > speed) ?? SPEEDS[SPEEDS.length - 1];
}

/** Carries out a shortcut (except help, which the page shows itself). */
export function runShortcut(api: GlassboxApi, status: SessionStatus | null, id: Shortcut['id'], shift: boolean): void {
  if (id === 'play') void api.request({ cmd: status?.playing ? 'pause' : 'play' });
  else if (id === 'step') void api.request({ cmd: 'step', n: shift ? 10 : 1 });
  else if (id === 'stepBack') void api.request({ cmd: 'stepBack', n: shift ? 10 : 1 });
  else if (status && id === 'slower') void api.request({ cmd: 'setSpeed', ticksPerSecond: nextSpeed(status.speed, -1), hurry: false });
  else if (status && id === 'faster') void api.request({ cmd: 'setSpeed', ticksPerSecond: nextSpeed(status.speed, 1) });
}
