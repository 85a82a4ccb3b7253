/**
 * Arithmetic expansion, `$((...))`, as bash does it: C's operators and precedence on
 * signed 64-bit integers that wrap around on overflow (BigInt, cut to 64 bits after every
 * operation). A variable's value is itself evaluated as an expression; an unset or empty
 * one is 0. `&&`, `||` and `?:` evaluate only the side they need, so `0 && (x=1)` leaves x.
 *
 * Errors are values, worded as bash words them: `1/0: division by 0 (error token is "0")`.
 */

export interface ArithVars {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
}

export type ArithResult = { ok: true; value: bigint } | { ok: false; message: string };

/** How deep variables may refer to variables (`a=b; b=a`), as bash's limit on recursion. */
const MAX_DEPTH = 64;

type Tok = { kind: 'num'; text: string; at: number } | { kind: 'name'; text: string; at: number } | { kind: 'op'; text: string; at: number };

const OPS = ['<<=', '>>=', '**', '++', '--', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '*=', '/=', '%=', '+=', '-=', '&=', '^=', '|=', ...'+-*/%<>&|^!~?:=(),'];

class Failure {
  constructor(readonly message: string) {}
}

const wrap = (v: bigint): bigint => BigInt.asIntN(64, v);

export function evaluateArith(text: string, vars: ArithVars, depth = 0): ArithResult {
  const toks = lex(text);
  if (toks instanceof Failure) return { ok: false, message: `${text}: ${toks.message}` };
  if (toks.length === 0) return { ok: true, value: 0n };
  const e = new Evaluator(text, toks, vars, depth);
  try {
    const value = e.comma();
    if (e.i < toks.length) e.fail('syntax error in expression', toks[e.i]);
    return { ok: true, value };
  } catch (err) {
    if (err instanceof Failure) return { ok: false, message: err.message };
    throw err;
  }
}

function lex(text: string): Tok[] | Failure {
  const toks: Tok[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const num = /^[0-9][0-9A-Za-z_@#]*/.exec(text.slice(i));
    if (num) {
      toks.push({ kind: 'num', text: num[0], at: i });
      i += num[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (name) {
      toks.push({ kind: 'name', text: name[0], at: i });
      i += name[0].length;
      continue;
    }
    const op = OPS.find((o) => text.startsWith(o, i));
    if (!op) return new Failure(`syntax error: operand expected (error token is "${text.slice(i)}")`);
    toks.push({ kind: 'op', text: op, at: i });
    i += op.length;
  }
  return toks;
}

const BINARY_LEVELS: string[][] = [['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<', '<=', '>', '>='], ['<<', '>>'], ['+', '-'], ['*', '/', '%']];
const ASSIGN_OPS = new Set(['=', '*=', '/=', '%=', '+=', '-=', '<<=', '>>=', '&=', '^=', '|=']);

class Evaluator {
  i = 0;
  /** Above 0 while evaluating a side that is not taken: values are computed, nothing is assigned or divided. */
  skip = 0;

  constructor(
    readonly text: string,
    readonly toks: Tok[],
    readonly vars: ArithVars,
    readonly depth: number,
  ) {}

  fail(message: string, at?: Tok): never {
    const token = at ? this.text.slice(at.at) : '';
    throw new Failure(`${this.text.trim()}: ${message}${at ? ` (error token is "${token}")` : ''}`);
  }

  peek(): Tok | undefined {
    return this.toks[this.i];
  }

  isOp(text: string): boolean {
    const t = this.peek();
    return t?.kind === 'op' && t.text === text;
  }

  comma(): bigint {
    let v = this.assign();
    while (this.isOp(',')) {
      this.i++;
      v = this.assign();
    }
    return v;
  }

  assign(): bigint {
    const t = this.peek();
    const next = this.toks[this.i + 1];
    if (t?.kind === 'name' && next?.kind === 'op' && ASSIGN_OPS.has(next.text)) {
      this.i += 2;
      const rhs = this.assign();
      if (next.text === '=') return this.store(t.text, rhs);
      const op = next.text.slice(0, -1);
      return this.store(t.text, this.binary(op, this.load(t), rhs, next));
    }
    return this.ternary();
  }

  ternary(): bigint {
    const cond = this.level(0);
    if (!this.isOp('?')) return cond;
    const q = this.peek()!;
    this.i++;
    if (cond === 0n) this.skip++;
    const yes = this.assign();
    if (cond === 0n) this.skip--;
    if (!this.isOp(':')) this.fail("`:' expected for conditional expression", this.peek() ?? q);
    this.i++;
    if (cond !== 0n) this.skip++;
    const no = this.assign();
    if (cond !== 0n) this.skip--;
    return cond !== 0n ? yes : no;
  }

  level(n: number): bigint {
    if (n >= BINARY_LEVELS.length) return this.power();
    let left = this.level(n + 1);
    for (;;) {
      const t = this.peek();
      if (t?.kind !== 'op' || !BINARY_LEVELS[n].includes(t.text)) return left;
      this.i++;
      if (t.text === '&&' || t.text === '||') {
        const decided = t.text === '&&' ? left === 0n : left !== 0n;
        if (decided) this.skip++;
        const right = this.level(n + 1);
        if (decided) this.skip--;
        left = decided ? (t.text === '||' ? 1n : 0n) : right !== 0n ? 1n : 0n;
        continue;
      }
      left = this.binary(t.text, left, this.level(n + 1), t);
    }
  }

  power(): bigint {
    const base = this.unary();
    if (!this.isOp('**')) return base;
    const t = this.peek()!;
    this.i++;
    return this.binary('**', base, this.power(), t);
  }

  unary(): bigint {
    const t = this.peek();
    if (t?.kind === 'op') {
      if (t.text === '++' || t.text === '--') {
        this.i++;
        const name = this.peek();
        if (name?.kind !== 'name') this.fail('syntax error: operand expected', name ?? t);
        this.i++;
        return this.store(name.text, wrap(this.load(name) + (t.text === '++' ? 1n : -1n)));
      }
      if (['-', '+', '!', '~'].includes(t.text)) {
        this.i++;
        const v = this.unary();
        if (t.text === '-') return wrap(-v);
        if (t.text === '+') return v;
        if (t.text === '!') return v === 0n ? 1n : 0n;
        return wrap(~v);
      }
    }
    return this.postfix();
  }

  postfix(): bigint {
    const t = this.peek();
    if (t?.kind === 'name') {
      this.i++;
      const after = this.peek();
      if (after?.kind === 'op' && (after.text === '++' || after.text === '--')) {
        this.i++;
        const old = this.load(t);
        this.store(t.text, wrap(old + (after.text === '++' ? 1n : -1n)));
        return old;
      }
      return this.load(t);
    }
    return this.primary();
  }

  primary(): bigint {
    const t = this.peek();
    // At the end, bash names the operator that wanted an operand.
    if (!t) this.fail('syntax error: operand expected', this.toks[this.i - 1] ?? { kind: 'op', text: '', at: this.text.length });
    if (t.kind === 'num') {
      this.i++;
      return this.number(t);
    }
    if (t.kind === 'op' && t.text === '(') {
      this.i++;
      const v = this.comma();
      if (!this.isOp(')')) this.fail("missing `)'", this.peek() ?? t);
      this.i++;
      return v;
    }
    return this.fail('syntax error: operand expected', t);
  }

  number(t: Tok): bigint {
    const text = t.text;
    let base = 10;
    let digits = text;
    const hash = text.indexOf('#');
    if (hash > 0) {
      base = Number(text.slice(0, hash));
      digits = text.slice(hash + 1);
      if (!(base >= 2 && base <= 64)) this.fail('invalid arithmetic base', t);
    } else if (/^0[xX]/.test(text)) {
      base = 16;
      digits = text.slice(2);
    } else if (text.length > 1 && text[0] === '0') {
      base = 8;
      digits = text.slice(1);
    }
    if (digits === '') this.fail('invalid number', t);
    let v = 0n;
    for (const ch of digits) {
      const d = digitValue(ch, base);
      if (d < 0 || d >= base) this.fail('value too great for base', t);
      v = wrap(v * BigInt(base) + BigInt(d));
    }
    return v;
  }

  load(t: Tok): bigint {
    const raw = this.vars.get(t.text);
    if (raw === undefined || raw.trim() === '') return 0n;
    if (/^\s*-?[0-9]+\s*$/.test(raw)) return wrap(BigInt(raw.trim()));
    if (this.depth >= MAX_DEPTH) this.fail('expression recursion level exceeded', t);
    const r = evaluateArith(raw, this.vars, this.depth + 1);
    if (!r.ok) throw new Failure(r.message);
    return r.value;
  }

  store(name: string, value: bigint): bigint {
    if (this.skip === 0) this.vars.set(name, String(value));
    return value;
  }

  binary(op: string, a: bigint, b: bigint, at: Tok): bigint {
    switch (op) {
      case '+':
        return wrap(a + b);
      case '-':
        return wrap(a - b);
      case '*':
        return wrap(a * b);
      case '/':
      case '%':
        if (b === 0n) {
          if (this.skip > 0) return 0n;
          this.fail('division by 0', this.toks[this.toks.indexOf(at) + 1] ?? at);
        }
        // INT64_MIN / -1 overflows in C; bash gives INT64_MIN (and 0 for the remainder).
        if (b === -1n) return op === '/' ? wrap(-a) : 0n;
        return op === '/' ? a / b : a % b;
      case '**':
        if (b < 0n) {
          if (this.skip > 0) return 0n;
          this.fail('exponent less than 0', at);
        }
        return powWrap(a, b);
      case '<<':
        return wrap(a << (b & 63n));
      case '>>':
        return a >> (b & 63n);
      case '&':
        return a & b;
      case '|':
        return a | b;
      case '^':
        return a ^ b;
      case '<':
        return a < b ? 1n : 0n;
      case '<=':
        return a <= b ? 1n : 0n;
      case '>':
        return a > b ? 1n : 0n;
      case '>=':
        return a >= b ? 1n : 0n;
      case '==':
        return a === b ? 1n : 0n;
      case '!=':
        return a !== b ? 1n : 0n;
      default:
        return this.fail('syntax error in expression', at);
    }
  }
}

/** a**b in 64 bits by squaring, so a huge exponent costs its bit count, not its size. */
function powWrap(a: bigint, b: bigint): bigint {
  let result = 1n;
  let base = wrap(a);
  let e = b;
  while (e > 0n) {
    if (e & 1n) result = wrap(result * base);
    base = wrap(base * base);
    e >>= 1n;
  }
  return result;
}

/** A digit's value in bases up to 64: 0-9, a-z, A-Z (upper case counts as lower up to base 36), @, _. */
function digitValue(ch: string, base: number): number {
  if (/[0-9]/.test(ch)) return ch.charCodeAt(0) - 48;
  if (/[a-z]/.test(ch)) return ch.charCodeAt(0) - 97 + 10;
  if (/[A-Z]/.test(ch)) return ch.charCodeAt(0) - 65 + (base <= 36 ? 10 : 36);
  if (ch === '@') return 62;
  if (ch === '_') return 63;
  return -1;
}
