import { useMemo } from 'react';
import { Term } from './Term.tsx';
import type { GlassboxApi } from '../../shared/protocol.ts';
import { processRows } from '../../sim/kernel/proc-selectors.ts';
import { useSelection } from '../model/selection.ts';
import { type Store, useMirror } from '../model/store.ts';
import { STATE_COLORS } from '../theme/theme.ts';

/** The live process table, as `ps` would show it, with accounting and a kill button. */
export function ProcessTable({ api, store }: { api: GlassboxApi; store: Store }) {
  const state = useMirror(store, (m) => m.state);
  const rows = useMemo(() => (state ? processRows(state) : []), [state]);
  const [selected, select] = useSelection();
  return (
    <section className="panel processes" aria-label="Processes">
      <header>
        <h2>Processes</h2>
        <span className="muted">{rows.length} in the table</span>
      </header>
      <div className="panel-body scroll scroll-sideways">
        <table data-testid="process-table">
          <thead>
            <tr data-term-group="">
              <th>PID</th>
              <th>PPID</th>
              <th>PGID</th>
              <th>State</th>
              <th>Command</th>
              <th><Term about="CPU ticks used">CPU</Term></th>
              <th><Term about="Tick it arrived">Arrived</Term></th>
              <th><Term about="Ticks from arrival to first run">Response</Term></th>
              <th><Term about="Ticks spent ready but not running">Waited</Term></th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.pid} data-pid={r.pid} className={selected === r.pid ? 'selected' : undefined} onClick={() => select(r.pid)}>
                <td className="num">{r.pid}</td>
                <td className="num">{r.ppid}</td>
                <td className="num">
                  {r.pgid}
                  {r.foreground ? <span title="foreground process group"> ★</span> : null}
                </td>
                <td>
                  <span className="state-pill" style={{ borderColor: STATE_COLORS[r.state], color: STATE_COLORS[r.state] }}>
                    {r.state}
                  </span>
                  {r.waitingOn ? <span className="process-waits"> on {r.waitingOn}</span> : null}
                </td>
                <td className="command" title={r.command}>
                  {r.command}
                </td>
                <td className="num">{r.cpu}</td>
                <td className="num">{r.arrival}</td>
                <td className="num">{r.response ?? '–'}</td>
                <td className="num">{r.waiting}</td>
                <td>
                  {r.pid > 1 && r.state !== 'zombie' ? (
                    <button type="button" className="small" title={`Send SIGKILL to pid ${r.pid}`} onClick={() => api.request({ cmd: 'signal', pid: r.pid, sig: 9 })}>
                      kill
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
