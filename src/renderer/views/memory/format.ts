/** Number formatting shared by the heap views. */

export const hex = (n: number): string => `0x${n.toString(16)}`;

/** An address the way the view labels it: hex for a kernel arena, decimal for a toy one at 0. */
export function addr(n: number, base: number): string {
  return base >= 0x100 ? hex(n) : String(n);
}

export function bytes(n: number): string {
  if (n < 10_000) return `${n} B`;
  if (n < 10 * 1024 * 1024) return `${(n / 1024).toFixed(n < 100 * 1024 ? 1 : 0)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

export function percent(x: number): string {
  if (!Number.isFinite(x)) return '—';
  return `${(x * 100).toFixed(x > 0 && x < 0.1 ? 1 : 0)}%`;
}

export const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
