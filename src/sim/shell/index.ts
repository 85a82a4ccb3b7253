/**
 * The shell's front half, its public face: source to syntax tree (`parseScript`), the tree
 * back to source (`printScript` and friends), and word expansion. The interpreter imports
 * from here.
 */
export type * from './ast.ts';
export { isIncomplete, type ShellSyntaxError } from './errors.ts';
export { type ControlOp, type RedirectOp, type Token, tokenize } from './lexer.ts';
export { MAX_NESTING, type ParseResult, parseScript } from './parser.ts';
export { printAndOr, printCommand, printList, printPipeline, printRedirect, printScript, printWord } from './printer.ts';
export {
  type ExpansionEnv,
  expandAssignment,
  expandRedirectTarget,
  expandWord,
  expandWords,
  globPatterns,
  globToRegExp,
  hasGlobChars,
  matchGlob,
  paramValue,
  tildeExpand,
  unescapePattern,
} from './expand.ts';
export { DEFAULT_IFS } from './fields.ts';
