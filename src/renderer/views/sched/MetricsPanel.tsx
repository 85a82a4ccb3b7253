import { useState } from 'react';
import { Term } from '../Term.tsx';
import type { KernelState } from '../../../sim/kernel/state.ts';
import { type MetricsRow, metricsTable } from '../../../sim/kernel/sched-selectors.ts';
import { useSelection } from '../../model/selection.ts';

const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '–' : Number.isInteger(v) ? String(v) : v.toFixed(2));

/**
 * Per-process response, turnaround and waiting times so far. Averages and utilisation are
 * the workload's, as the book computes them: init and the login shell are listed apart and
 * left out unless the student asks to count them.
 */
export function MetricsPanel({ state }: { state: KernelState }) {
  const [selected, select] = useSelection();
  const [includeSystem, setIncludeSystem] = useState(false);
  const table = metricsTable(state, { includeSystem });
  const work = table.rows.filter((r) => !r.system);
  const system = table.rows.filter((r) => r.system);
  const counted = includeSystem ? table.rows : work;
  // A mean over no values is not a number to show.
  const started = counted.some((r) => r.response !== null);
  const finished = counted.some((r) => r.turnaround !== null);
  const row = (r: MetricsRow) => (
    <tr
      key={r.pid}
      className={`${selected === r.pid ? 'selected' : ''}${r.finished ? '' : ' live'}${r.system ? ' system' : ''}`}
      onClick={() => select(r.pid)}
    >
      <td className="num">{r.pid}</td>
      <td>{r.name}</td>
      <td className="num">{r.arrival}</td>
      <td className="num">{fmt(r.response)}</td>
      <td className="num">{fmt(r.turnaround)}</td>
      <td className="num">{fmt(r.waiting)}</td>
      <td className="num optional">{r.cpu}</td>
      <td className="num optional">{r.io}</td>
    </tr>
  );
  return (
    <div className="metrics-panel">
      <p className="muted" data-testid="metrics-summary">
        {table.span.end > table.span.start ? (
          <>
            CPU utilisation <b data-testid="metrics-utilisation">{(table.utilisation * 100).toFixed(1)}%</b>{' '}
            <Term about="from the first arrival to the last finish (or now, while work remains)">
              over ticks {table.span.start}–{table.span.end}
            </Term>
          </>
        ) : (
          // A span of no ticks has no utilisation: say what will fill this in instead of "0.0% over ticks 25–25".
          <span data-testid="metrics-no-work">{counted.length ? 'No ticks of work yet' : 'No jobs yet: the times of each job you start appear here'}</span>
        )}{' '}
        · {state.stats.contextSwitches} context switches
        {table.fairness !== null ? ` · Jain's fairness ${table.fairness.toFixed(3)}` : ''}
      </p>
      <div className="scroll-sideways">
        <table className="compact" data-testid="metrics-table">
          <thead>
            <tr data-term-group="">
              <th className="num">PID</th>
              <th>name</th>
              <th className="num">arrived</th>
              <th className="num"><Term about="first run − arrival">resp.</Term></th>
              <th className="num"><Term about="finish − arrival">turnar.</Term></th>
              <th className="num"><Term about="time ready but not running">waiting</Term></th>
              <th className="num optional">CPU</th>
              <th className="num optional"><Term about="time blocked">I/O</Term></th>
            </tr>
          </thead>
          <tbody>{work.map(row)}</tbody>
          {system.length ? (
            <tbody className="system-rows" data-testid="metrics-system">
              <tr>
                <td colSpan={8} className="metrics-group-label">system processes {includeSystem ? '(counted)' : '(not in the averages)'}</td>
              </tr>
              {system.map(row)}
            </tbody>
          ) : null}
          <tfoot>
            <tr data-testid="metrics-average">
              <td colSpan={3}>average{includeSystem ? ' (all)' : ''}</td>
              <td className="num">{started ? fmt(table.average.response) : '–'}</td>
              <td className="num">{finished ? fmt(table.average.turnaround) : '–'}</td>
              <td className="num">{counted.length ? fmt(table.average.waiting) : '–'}</td>
              <td colSpan={2} className="optional" />
            </tr>
          </tfoot>
        </table>
      </div>
      {system.length ? (
        <label className="muted include-system">
          <input type="checkbox" checked={includeSystem} onChange={(e) => setIncludeSystem(e.target.checked)} data-testid="metrics-include-system" /> count
          init and the shell in the averages
        </label>
      ) : null}
    </div>
  );
}
