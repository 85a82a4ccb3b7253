import { useMemo } from 'react';
import { formatOstepOps, parseTrace, randomTrace } from '../../../sim/memory/trace.ts';
import { plural } from './format.ts';
import { EXAMPLE_TRACES } from './traces.ts';

/** What the loader holds: where the trace came from, its text, and the random generator's settings. */
export interface LoaderState {
  source: string; // an example's file name, 'random', 'custom' or 'run:<pid>' (the trace a memtrace process ran)
  text: string;
  seed: number;
  ops: number;
  maxSize: number;
}

export const INITIAL_LOADER: LoaderState = {
  source: 'first-vs-best.ops',
  text: EXAMPLE_TRACES.find((t) => t.name === 'first-vs-best.ops')?.text ?? '+10,-0',
  seed: 1,
  ops: 40,
  maxSize: 64,
};

const MAX_RANDOM_OPS = 2000;

function generate(s: LoaderState): string {
  const ops = randomTrace({ seed: s.seed, ops: s.ops, maxSize: s.maxSize, maxLive: 24 });
  const text = formatOstepOps(ops);
  return `# random trace: seed ${s.seed}, ${s.ops} ops, sizes 1-${s.maxSize}\n${typeof text === 'string' ? text : ''}\n`;
}

/**
 * Picks a trace: one of the examples in resources/traces, a seeded random one, or text
 * pasted by hand (OSTEP op lists like +10,-0 or malloc-lab lines like "a 0 10").
 */
export function TraceLoader({
  state,
  onChange,
  children,
}: {
  state: LoaderState;
  onChange: (s: LoaderState) => void;
  /** The actions (Run, Compare), shown beside the trace's summary. */
  children?: React.ReactNode;
}) {
  const parsed = useMemo(() => parseTrace(state.text), [state.text]);
  const example = EXAMPLE_TRACES.find((t) => t.name === state.source);
  const num = (v: string, lo: number, hi: number, fallback: number) => {
    const n = Math.floor(Number(v));
    return Number.isFinite(n) ? Math.max(lo, Math.min(hi, n)) : fallback;
  };
  const pick = (source: string) => {
    const ex = EXAMPLE_TRACES.find((t) => t.name === source);
    if (ex) onChange({ ...state, source, text: ex.text });
    else if (source === 'random') onChange({ ...state, source, text: generate(state) });
    else onChange({ ...state, source });
  };
  const setRandom = (patch: Partial<LoaderState>) => {
    const next = { ...state, ...patch, source: 'random' };
    onChange({ ...next, text: generate(next) });
  };

  return (
    <div className="mem-loader" data-testid="trace-loader">
      <div className="mem-row">
        <label>
          Trace
          <select value={state.source} onChange={(e) => pick(e.target.value)} aria-label="Trace source" data-testid="trace-source">
            <optgroup label="Examples">
              {EXAMPLE_TRACES.map((t) => (
                <option key={t.name} value={t.name}>
                  {t.name}
                </option>
              ))}
            </optgroup>
            {state.source.startsWith('run:') ? <option value={state.source}>the trace pid {state.source.slice(4)} ran</option> : null}
            <option value="random">random (seeded)</option>
            <option value="custom">your own (edit below)</option>
          </select>
        </label>
        {state.source === 'random' ? (
          <>
            <label>
              seed
              <input type="number" value={state.seed} min={0} onChange={(e) => setRandom({ seed: num(e.target.value, 0, 0xffffffff, 1) })} />
            </label>
            <label>
              ops
              <input type="number" value={state.ops} min={1} max={MAX_RANDOM_OPS} onChange={(e) => setRandom({ ops: num(e.target.value, 1, MAX_RANDOM_OPS, 40) })} />
            </label>
            <label>
              max size
              <input type="number" value={state.maxSize} min={1} max={100_000} onChange={(e) => setRandom({ maxSize: num(e.target.value, 1, 100_000, 64) })} />
            </label>
          </>
        ) : example?.about ? (
          <span className="muted mem-about" title={example.about}>
            {example.about}
          </span>
        ) : null}
      </div>
      <textarea
        value={state.text}
        onChange={(e) => onChange({ ...state, source: 'custom', text: e.target.value })}
        spellCheck={false}
        rows={4}
        aria-label="Trace text"
        data-testid="trace-text"
        placeholder="+40,+10,-0,+20   or   a 0 40 / f 0 lines"
      />
      <div className="mem-row">
        <span className={'error' in parsed ? 'problem' : 'muted'} data-testid="trace-summary">
          {'error' in parsed ? parsed.error : `${plural(parsed.ops.length, 'operation')}`}
        </span>
        <div className="spacer" />
        {children}
      </div>
    </div>
  );
}
