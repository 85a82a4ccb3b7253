/**
 * Floating-point numbers as bash's printf sees them: it reads an argument with strtold,
 * into an x87 long double (a 64-bit mantissa), and glibc prints that value's exact
 * decimal expansion rounded half to even. Reproducing both steps is what makes
 * printf '%.1f' 0.15 print 0.2 and printf '%.0f' 2.5 print 2, as bash does, where
 * JavaScript's doubles and toFixed would give 0.1 and 3.
 */

/** A finite value: (-1)^neg × digits × 10^-scale, exactly. */
export interface Exact {
  neg: boolean;
  digits: string;
  scale: number;
}

export type LongDouble = ({ kind: 'finite' } & Exact) | { kind: 'inf' | 'nan'; neg: boolean };

const MANT_BITS = 64;
/** Below this binary exponent a long double is zero; above the other it is infinite. */
const MIN_EXP = -16445;
const MAX_EXP = 16384 - MANT_BITS;

const bitLength = (n: bigint): number => n.toString(2).length;

/** The long double nearest to ±num/den (num, den > 0), rounded half to even, as an exact decimal. */
function nearest(neg: boolean, num: bigint, den: bigint): LongDouble {
  // Choose the binary exponent b that brings num / den / 2^b into [2^63, 2^64).
  let b = bitLength(num) - bitLength(den) - MANT_BITS;
  const scaled = (k: number) => (k >= 0 ? { n: num, d: den << BigInt(k) } : { n: num << BigInt(-k), d: den });
  const quotient = (k: number) => scaled(k).n / scaled(k).d;
  while (quotient(b) >= 1n << BigInt(MANT_BITS)) b++;
  while (quotient(b) < 1n << BigInt(MANT_BITS - 1)) b--;
  const { n, d } = scaled(b);
  let q = n / d;
  const r2 = (n % d) * 2n;
  if (r2 > d || (r2 === d && (q & 1n) === 1n)) q++;
  if (q === 1n << BigInt(MANT_BITS)) {
    q >>= 1n;
    b++;
  }
  if (b > MAX_EXP) return { kind: 'inf', neg };
  if (b < MIN_EXP) return { kind: 'finite', neg, digits: '0', scale: 0 };
  if (b >= 0) return { kind: 'finite', neg, digits: (q << BigInt(b)).toString(), scale: 0 };
  // q / 2^k = q × 5^k / 10^k: the exact decimal expansion.
  return { kind: 'finite', neg, digits: (q * 5n ** BigInt(-b)).toString(), scale: -b };
}

/** Reads a number as strtold does; `rest` is what was not part of it. */
export function parseLongDouble(text: string): { value: LongDouble; rest: string } | null {
  const m = /^\s*([+-]?)(?:(inf(?:inity)?)|(nan)|0[xX]([0-9a-fA-F]+)|(\d+)?(?:\.(\d*))?(?:[eE]([+-]?\d+))?)/i.exec(text);
  if (!m) return null;
  const neg = m[1] === '-';
  const rest = text.slice(m[0].length);
  if (m[2]) return { value: { kind: 'inf', neg }, rest };
  if (m[3]) return { value: { kind: 'nan', neg }, rest };
  if (m[4]) return { value: nearest(neg, BigInt(`0x${m[4]}`), 1n), rest };
  if (m[5] === undefined && !m[6]) return null;
  const digits = BigInt(`${m[5] ?? ''}${m[6] ?? ''}` || '0');
  if (digits === 0n) return { value: { kind: 'finite', neg, digits: '0', scale: 0 }, rest };
  const exp = Number(m[7] ?? 0) - (m[6] ?? '').length;
  if (exp > 5000) return { value: { kind: 'inf', neg }, rest };
  if (exp < -5100) return { value: { kind: 'finite', neg, digits: '0', scale: 0 }, rest };
  return { value: exp >= 0 ? nearest(neg, digits * 10n ** BigInt(exp), 1n) : nearest(neg, digits, 10n ** BigInt(-exp)), rest };
}

/** The long double nearest to an integer (a character code). */
export const fromInteger = (n: number): LongDouble =>
  n === 0 ? { kind: 'finite', neg: false, digits: '0', scale: 0 } : nearest(n < 0, BigInt(Math.abs(n)), 1n);

/** The digits with the last `drop` removed, rounded half to even (a negative drop appends zeros). */
function roundOff(digits: string, drop: number): string {
  if (drop <= 0) return digits + '0'.repeat(-drop);
  const keep = digits.length - drop;
  const head = keep > 0 ? digits.slice(0, keep) : '0';
  const tail = keep > 0 ? digits.slice(keep) : digits.padStart(drop, '0');
  const last = Number(head[head.length - 1]);
  const up = tail[0] > '5' || (tail[0] === '5' && (/[1-9]/.test(tail.slice(1)) || last % 2 === 1));
  return (BigInt(head) + (up ? 1n : 0n)).toString();
}

/** |x| with `prec` digits after the point, as %f prints it. */
export function toFixedC(x: Exact, prec: number): string {
  const q = roundOff(x.digits, x.scale - prec).padStart(prec + 1, '0');
  return prec === 0 ? q : `${q.slice(0, -prec)}.${q.slice(-prec)}`;
}

/** |x| as d.ddd (prec digits after the point) and its decimal exponent, as %e rounds it. */
export function toExponentialC(x: Exact, prec: number): { mantissa: string; exponent: number } {
  const { digits, scale } = x;
  if (digits === '0') return { mantissa: prec > 0 ? `0.${'0'.repeat(prec)}` : '0', exponent: 0 };
  let exponent = digits.length - 1 - scale;
  let q = roundOff(digits, digits.length - (prec + 1));
  if (q.length > prec + 1) {
    // Rounding carried into a new digit (9.99 -> 10.0): one more power of ten.
    exponent++;
    q = q.slice(0, prec + 1);
  }
  return { mantissa: prec > 0 ? `${q[0]}.${q.slice(1)}` : q, exponent };
}
