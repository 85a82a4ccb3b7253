import { useMemo } from 'react';
import { logItems } from '../../sim/base/ringlog.ts';
import type { LogEntry } from '../../sim/kernel/state.ts';
import { useSelection } from '../model/selection.ts';
import { type Store, useMirror } from '../model/store.ts';

const KINDS: Record<LogEntry['kind'], string> = {
  spawn: 'spawn',
  exit: 'exit',
  signal: 'signal',
  dispatch: 'sched',
  preempt: 'sched',
  block: 'block',
  wake: 'wake',
  sched: 'sched',
  error: 'error',
  reap: 'reap',
};

/** The kernel's event log, newest first: spawns, exits, signals, reaping, scheduler events. */
export function EventLogView({ store }: { store: Store }) {
  const log = useMirror(store, (m) => m.state?.log);
  const [selected, select] = useSelection();
  const entries = useMemo(() => (log ? logItems(log).map((e, i) => ({ ...e, seq: log.first + i })).reverse().slice(0, 300) : []), [log]);
  return (
    <ol className="event-log" data-testid="event-log">
      {entries.length === 0 ? <li className="muted">Nothing has happened yet.</li> : null}
      {entries.map((e) => (
        <li key={e.seq} className={`${KINDS[e.kind]}${e.pid !== null && e.pid === selected ? ' selected' : ''}`}>
          <span className="log-tick">{e.tick}</span>
          <span className={`log-kind ${KINDS[e.kind]}`}>{e.kind}</span>
          {e.pid !== null ? (
            <button type="button" className="link" onClick={() => select(e.pid)}>
              {e.text}
            </button>
          ) : (
            <span>{e.text}</span>
          )}
        </li>
      ))}
    </ol>
  );
}
