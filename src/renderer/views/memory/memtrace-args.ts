import { formatOstepOps, parseTrace, type TraceOp } from '../../../sim/memory/trace.ts';

/** The argv elements memtrace accepts at most, each at most this long (a scenario file's limits). */
const MAX_ARGS = 250;
const MAX_ARG = 4000;

/**
 * A trace as memtrace's arguments: an OSTEP op list where the trace has one ("+40,+10,-0"),
 * malloc-lab lines joined by ';' otherwise, cut into arguments of at most 4,000 characters
 * (memtrace joins them with spaces). Null if the trace is too long to pass.
 */
export function memtraceArgs(ops: readonly TraceOp[]): string[] | null {
  const ostep = formatOstepOps(ops);
  const tokens =
    typeof ostep === 'string'
      ? ostep.split(',').map((t, i, all) => (i < all.length - 1 ? `${t},` : t))
      : ops.map((op, i) => `${op.kind === 'alloc' ? 'a' : op.kind === 'free' ? 'f' : 'r'} ${op.id}${op.kind === 'free' ? '' : ` ${op.size}`}${i < ops.length - 1 ? ';' : ''}`);
  const args: string[] = [];
  let cur = '';
  for (const t of tokens) {
    if (cur.length + t.length + 1 > MAX_ARG) {
      args.push(cur);
      cur = '';
    }
    cur = cur ? `${cur}${typeof ostep === 'string' ? '' : ' '}${t}` : t;
  }
  if (cur) args.push(cur);
  return args.length <= MAX_ARGS ? args : null;
}

/** The operations of a memtrace process, read from its argv the way memtrace reads them. */
export function memtraceOps(argv: readonly string[]): TraceOp[] | null {
  let args = argv.slice(1);
  if (args[0] === '-f') args = args.slice(1);
  const text = args.join(' ');
  if (text.trim() === '' || args[0] === '-h' || args[0] === '--help') return null;
  const parsed = parseTrace(text.replaceAll(';', '\n'));
  return 'error' in parsed ? null : parsed.ops;
}
