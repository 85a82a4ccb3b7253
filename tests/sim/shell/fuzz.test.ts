// biome-ignore-all lint/suspicious/noTemplateCurlyInString: shell source is full of ${...}, and these strings are shell source.
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import type { AndOrList, Command, DoubleQuotedInner, Pipeline, Redirect, Script, Word, WordPart } from '../../../src/sim/shell/ast.ts';
import type { ShellSyntaxError } from '../../../src/sim/shell/errors.ts';
import { type ExpansionEnv, expandAssignment, expandWord } from '../../../src/sim/shell/expand.ts';
import { globToRegExp, matchGlob } from '../../../src/sim/libc/fnmatch.ts';
import { tokenize } from '../../../src/sim/shell/lexer.ts';
import { parseScript } from '../../../src/sim/shell/parser.ts';
import { printScript } from '../../../src/sim/shell/printer.ts';

/** The error points into the input: an existing line, and a column on it or just past its end. */
function expectPositionInside(source: string, error: ShellSyntaxError): void {
  const lines = source.split('\n');
  expect(error.line).toBeGreaterThanOrEqual(1);
  expect(error.line).toBeLessThanOrEqual(lines.length);
  expect(error.column).toBeGreaterThanOrEqual(1);
  expect(error.column).toBeLessThanOrEqual(lines[error.line - 1].length + 1);
  // bash's words: `syntax error near unexpected token`, `... unexpected end of file`, `bad substitution` and the like.
  expect(error.message).toMatch(/syntax error|unexpected EOF while looking for matching|bad substitution|ambiguous redirect|not a valid identifier|too large|nested more than/);
}

/** Parses, and checks the one property every input must have: a tree, or an error that points into it. */
function parseChecked(source: string) {
  const r = parseScript(source);
  if (!r.ok) expectPositionInside(source, r.error);
  return r;
}

/** Source built from the pieces of shell syntax, so that most inputs reach deep into the parser. */
const SHELL_PIECES = [
  'ls', 'a', 'x=1', '2', '10', ' ', ' ', '\t', '\n', '|', '||', '&', '&&', ';', ';;', '(', ')', '<', '>', '>>', '>&', '<&', '&>', '-',
  'if', 'then', 'elif', 'else', 'fi', 'while', 'until', 'for', 'in', 'do', 'done', 'case', 'esac', 'f()', '{ ', ' }', '$(', '$((', '))',
  '<<', '<<-', 'EOF', '<<<', '|&', '${x:-', '${#x}', '${x%', '${x/', '{1..3}', 'a{b,c}',
  '\\', '\\\n', "'", '"', '$', '${', '}', '{', '#', '!', '=', '*', '?', '[', ']', '~', '/', '$x', '$?', '$1', '${y}', '`', 'é', '😀', '\r',
];
const shellish = fc.array(fc.constantFrom(...SHELL_PIECES), { maxLength: 30 }).map((xs) => xs.join(''));

describe('parsing never throws', () => {
  test.prop([fc.string()], { numRuns: 1000 })('random strings parse or give an error inside the input', (source) => {
    parseChecked(source);
  });

  test.prop([fc.string({ unit: 'binary' })], { numRuns: 1000 })('random code points parse or give an error inside the input', (source) => {
    parseChecked(source);
  });

  test.prop([shellish], { numRuns: 3000 })('shell-like text parses or gives an error inside the input', (source) => {
    parseChecked(source);
  });

  test.prop([shellish])('token positions only move forward', (source) => {
    const offsets = tokenize(source).flatMap((t) => (t.kind === 'error' ? [] : [t.pos.offset]));
    for (let i = 1; i < offsets.length; i++) expect(offsets[i]).toBeGreaterThan(offsets[i - 1]);
  });
});

describe('printing round-trips', () => {
  test.prop([shellish], { numRuns: 3000 })('a parsed script prints to source that parses to the same tree', (source) => {
    const r = parseChecked(source);
    if (!r.ok) return;
    const printed = printScript(r.script);
    const again = parseScript(printed);
    if (!again.ok) throw new Error(`${again.error.message} in ${printed}`);
    // A here-document prints on one line as the here-string that gives the same input, so
    // there the tree changes once and printing is then stable.
    if (source.includes('<<')) expect(printScript(again.script)).toBe(printed);
    else expect(again).toEqual(r);
  });

  test.prop([fc.string({ unit: 'binary' })], { numRuns: 1000 })('so does one parsed from random code points', (source) => {
    const r = parseScript(source);
    if (r.ok) expect(parseScript(printScript(r.script))).toEqual(r);
  });

  test.prop([scriptArb()], { numRuns: 1000 })('a tree built by hand prints to source with the same meaning', (script) => {
    const r = parseScript(printScript(script));
    if (!r.ok) throw new Error(`${r.error.message} in ${printScript(script)}`);
    expect(meaning(r.script)).toEqual(meaning(script));
  });
});

describe('expansion and globbing never throw', () => {
  test.prop([shellish])('every parsed word expands, and a double-quoted word without $@ is one field', (source) => {
    const r = parseScript(`echo ${source}`);
    if (!r.ok) return;
    const command = r.script.body[0]?.head.commands[0];
    if (command?.kind !== 'simple') return;
    for (const w of command.words) expandWord(w, ENV);
    for (const w of command.words) expect(expandWord({ parts: [{ kind: 'double', parts: doubleInnersOf(w) }] }, ENV)).toHaveLength(1);
  });

  test.prop([fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' })], { numRuns: 1000 })('any pattern compiles and matches', (pattern, name) => {
    expect(typeof matchGlob(pattern, name)).toBe('boolean');
    expect(globToRegExp(pattern)).toBeInstanceOf(RegExp);
  });

  test.prop([fc.string({ unit: 'binary' }).filter((s) => !s.includes('/'))])('a fully escaped name matches itself, and only * reaches names without a leading dot', (name) => {
    const escaped = [...name].map((c) => `\\${c}`).join('');
    expect(matchGlob(escaped, name)).toBe(true);
    expect(matchGlob('*', name)).toBe(!name.startsWith('.'));
  });
});

// ---- meaning: what a script does, with every word expanded ------------------------------

/** Every word expanded, with a glob that shows the pattern it was given, so escaping mistakes show too. */
const ENV: ExpansionEnv = {
  vars: { x: 'a b', y: '', a_1: '*', HOME: '/h' },
  special: { '?': '0', $: '9', '!': '', '#': '2', positional: ['sh', 'p1', 'p 2'] },
  glob: (pattern) => [`<${pattern}>`],
};

function meaning(script: Script): unknown {
  return listMeaning(script.body);
}

function listMeaning(list: AndOrList[]): unknown {
  return list.map((a) => ({ background: a.background, head: pipelineMeaning(a.head), tail: a.tail.map((t) => [t.op, pipelineMeaning(t.pipeline)]) }));
}

function pipelineMeaning(p: Pipeline): unknown {
  return { negated: p.negated, commands: p.commands.map(commandMeaning) };
}

function commandMeaning(c: Command): unknown {
  const redirects = c.redirects.map((r) => (r.kind === 'dup' || r.kind === 'heredoc' ? r : { ...r, target: expandWord(r.target, ENV) }));
  if (c.kind === 'subshell') return { body: listMeaning(c.body), redirects };
  if (c.kind !== 'simple') return { kind: c.kind, redirects };
  return { assignments: c.assignments.map((a) => [a.name, expandAssignment(a.value, ENV)]), words: c.words.map((w) => expandWord(w, ENV)), redirects };
}

/** A word's parts as they would be inside double quotes (quoting dropped, $@ left out). */
function doubleInnersOf(w: Word): DoubleQuotedInner[] {
  return w.parts.flatMap((p): DoubleQuotedInner[] => {
    if (p.kind === 'double') return p.parts.filter((q) => !(q.kind === 'param' && q.name === '@'));
    if (p.kind === 'param') return p.name === '@' ? [] : [p];
    if (p.kind === 'command' || p.kind === 'arith') return [p];
    return [{ kind: 'literal', text: p.text }];
  });
}

// ---- arbitrary trees --------------------------------------------------------------------

/** Text full of characters that mean something to the shell. */
const text = (minLength: number) => fc.string({ unit: fc.constantFrom(...'ab1 $*?[]\\\'"`|&;()<>#~=!{}\n\t-:/é'), minLength, maxLength: 6 });
const varName = fc.constantFrom('x', 'y', 'a_1', 'HOME', 'nope');
const paramArb = fc.record({ kind: fc.constant('param' as const), name: fc.constantFrom('x', 'y', 'a_1', '?', '$', '#', '0', '1', '10', '*', '@'), braced: fc.boolean() });
const literalArb = fc.record({ kind: fc.constant('literal' as const), text: text(1) });
const escapedArb = fc.record({ kind: fc.constant('escaped' as const), text: fc.constantFrom('$', '`', '"', '\\', 'a', ' ', '\n', '*', 'é') });
const doubleArb = fc.record({ kind: fc.constant('double' as const), parts: fc.array(fc.oneof(literalArb, escapedArb, paramArb), { maxLength: 3 }).map(mergeLiterals) });
const partArb: fc.Arbitrary<WordPart> = fc.oneof(literalArb, fc.record({ kind: fc.constant('single' as const), text: text(0) }), escapedArb, doubleArb, paramArb);
const wordArb: fc.Arbitrary<Word> = fc.array(partArb, { minLength: 1, maxLength: 4 }).map((parts) => ({ parts: mergeLiterals(parts) }));

const redirectArb: fc.Arbitrary<Redirect> = fc.oneof(
  fc.record({ kind: fc.constant('file' as const), op: fc.constantFrom('<' as const, '>' as const, '>>' as const), fd: fc.nat(12), target: wordArb }),
  fc.record({ kind: fc.constant('dup' as const), op: fc.constantFrom('<&' as const, '>&' as const), fd: fc.nat(12), target: fc.oneof(fc.nat(12), fc.constant('close' as const)) }),
  fc.record({ kind: fc.constant('both' as const), op: fc.constantFrom('&>' as const, '&>>' as const), target: wordArb }),
);

const simpleArb = fc
  .record({
    kind: fc.constant('simple' as const),
    assignments: fc.array(fc.record({ name: varName, value: fc.array(partArb, { maxLength: 3 }).map((parts) => ({ parts: mergeLiterals(parts) })) }), { maxLength: 2 }),
    words: fc.array(wordArb, { maxLength: 3 }),
    redirects: fc.array(redirectArb, { maxLength: 2 }),
  })
  .filter((c) => c.assignments.length + c.words.length + c.redirects.length > 0);

/** Scripts with subshells nested at most `depth` deep, small enough to check by the hundred. */
function scriptArb(depth = 2): fc.Arbitrary<Script> {
  return fc.array(andOrArb(depth), { maxLength: 3 }).map((body) => ({ body }));
}

function andOrArb(depth: number): fc.Arbitrary<AndOrList> {
  const pipeline = pipelineArb(depth);
  return fc.record({
    head: pipeline,
    tail: fc.array(fc.record({ op: fc.constantFrom('&&' as const, '||' as const), pipeline }), { maxLength: 2 }),
    background: fc.boolean(),
  });
}

function pipelineArb(depth: number): fc.Arbitrary<Pipeline> {
  const command: fc.Arbitrary<Command> =
    depth === 0
      ? simpleArb
      : fc.oneof(
          { weight: 3, arbitrary: simpleArb },
          {
            weight: 1,
            arbitrary: fc.record({
              kind: fc.constant('subshell' as const),
              body: fc.array(andOrArb(depth - 1), { minLength: 1, maxLength: 2 }),
              redirects: fc.array(redirectArb, { maxLength: 1 }),
            }),
          },
        );
  return fc.record({ negated: fc.boolean(), commands: fc.array(command, { minLength: 1, maxLength: 3 }) });
}

/** The parser never leaves two literals side by side; neither do these trees. */
function mergeLiterals<P extends WordPart | DoubleQuotedInner>(parts: P[]): P[] {
  const out: P[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (p.kind === 'literal' && last?.kind === 'literal') out[out.length - 1] = { ...last, text: last.text + p.text };
    else out.push(p);
  }
  return out;
}
