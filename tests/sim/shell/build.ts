import type {
  AndOrList,
  Assignment,
  BothRedirect,
  Command,
  DoubleQuotedInner,
  DoubleQuotedPart,
  DupRedirect,
  FileRedirect,
  ParamPart,
  Pipeline,
  Redirect,
  Script,
  SimpleCommand,
  Subshell,
  Word,
  WordPart,
} from '../../../src/sim/shell/ast.ts';

/** Short builders for expected syntax trees, so a table row reads close to the source it parses. */

export const lit = (text: string): WordPart & DoubleQuotedInner => ({ kind: 'literal', text });
export const sq = (text: string): WordPart => ({ kind: 'single', text });
export const esc = (text: string): WordPart & DoubleQuotedInner => ({ kind: 'escaped', text });
export const dq = (...parts: (DoubleQuotedInner | string)[]): DoubleQuotedPart => ({
  kind: 'double',
  parts: parts.map((p) => (typeof p === 'string' ? lit(p) : p)),
});
export const param = (name: string, braced = false): ParamPart => ({ kind: 'param', name, braced });

/** A word from parts; a string is a literal part. */
export const word = (...parts: (WordPart | string)[]): Word => ({ parts: parts.map((p) => (typeof p === 'string' ? lit(p) : p)) });

const asWord = (w: Word | string): Word => (typeof w === 'string' ? word(w) : w);

/** A simple command of plain words. */
export const cmd = (...words: (Word | string)[]): SimpleCommand => ({ kind: 'simple', assignments: [], words: words.map(asWord), redirects: [] });

/** A simple command with everything spelled out. */
export const simple = (o: { assign?: Assignment[]; words?: (Word | string)[]; redirects?: Redirect[] }): SimpleCommand => ({
  kind: 'simple',
  assignments: o.assign ?? [],
  words: (o.words ?? []).map(asWord),
  redirects: o.redirects ?? [],
});

export const assign = (name: string, ...value: (WordPart | string)[]): Assignment => ({ name, value: word(...value) });

export const sub = (body: (AndOrList | Pipeline | Command)[], redirects: Redirect[] = []): Subshell => ({
  kind: 'subshell',
  body: body.map(andOr),
  redirects,
});

export const pipe = (...commands: Command[]): Pipeline => ({ negated: false, commands });
export const not = (...commands: Command[]): Pipeline => ({ negated: true, commands });

/** `head op1 p1 op2 p2 ...` */
export const chain = (head: Pipeline | Command, ...rest: ['&&' | '||', Pipeline | Command][]): AndOrList => ({
  head: asPipeline(head),
  tail: rest.map(([op, p]) => ({ op, pipeline: asPipeline(p) })),
  background: false,
});

export const bg = (item: AndOrList | Pipeline | Command): AndOrList => ({ ...andOr(item), background: true });

export const script = (...items: (AndOrList | Pipeline | Command)[]): Script => ({ body: items.map(andOr) });

export const to = (target: Word | string, fd = 1): FileRedirect => ({ kind: 'file', op: '>', fd, target: asWord(target) });
export const append = (target: Word | string, fd = 1): FileRedirect => ({ kind: 'file', op: '>>', fd, target: asWord(target) });
export const from = (target: Word | string, fd = 0): FileRedirect => ({ kind: 'file', op: '<', fd, target: asWord(target) });
export const dupOut = (fd: number, target: number | 'close'): DupRedirect => ({ kind: 'dup', op: '>&', fd, target });
export const dupIn = (fd: number, target: number | 'close'): DupRedirect => ({ kind: 'dup', op: '<&', fd, target });
export const both = (target: Word | string, op: '&>' | '&>>' = '&>'): BothRedirect => ({ kind: 'both', op, target: asWord(target) });

function asPipeline(x: Pipeline | Command): Pipeline {
  return 'commands' in x ? x : pipe(x);
}

function andOr(x: AndOrList | Pipeline | Command): AndOrList {
  return 'head' in x ? x : chain(x);
}
