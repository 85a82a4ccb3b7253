import type { MetricsTable } from '../../../sim/kernel/sched-selectors.ts';
import { useSelection } from '../../model/selection.ts';

const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '–' : Number.isInteger(v) ? String(v) : v.toFixed(2));

/** Per-process response, turnaround and waiting times so far, with averages and fairness. */
export function MetricsPanel({ table, summary }: { table: MetricsTable; summary: { utilisation: number; switches: number; tick: number } }) {
  const [selected, select] = useSelection();
  // A mean over no values is not a number to show.
  const started = table.rows.some((r) => r.response !== null);
  const finished = table.rows.some((r) => r.turnaround !== null);
  return (
    <div className="metrics-panel">
      <p className="muted">
        CPU utilisation {(summary.utilisation * 100).toFixed(1)}% · {summary.switches} context switches by tick {summary.tick}
        {table.fairness !== null ? ` · Jain's fairness ${table.fairness.toFixed(3)}` : ''}
      </p>
      <table className="compact" data-testid="metrics-table">
        <thead>
          <tr>
            <th className="num">PID</th>
            <th>name</th>
            <th className="num">arrived</th>
            <th className="num" title="first run − arrival">response</th>
            <th className="num" title="finish − arrival">turnaround</th>
            <th className="num" title="time ready but not running">waiting</th>
            <th className="num">CPU</th>
            <th className="num" title="time blocked">I/O</th>
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r) => (
            <tr key={r.pid} className={`${selected === r.pid ? 'selected' : ''}${r.finished ? '' : ' live'}`} onClick={() => select(r.pid)}>
              <td className="num">{r.pid}</td>
              <td>{r.name}</td>
              <td className="num">{r.arrival}</td>
              <td className="num">{fmt(r.response)}</td>
              <td className="num">{fmt(r.turnaround)}</td>
              <td className="num">{fmt(r.waiting)}</td>
              <td className="num">{r.cpu}</td>
              <td className="num">{r.io}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td colSpan={3}>average</td>
            <td className="num">{started ? fmt(table.average.response) : '–'}</td>
            <td className="num">{finished ? fmt(table.average.turnaround) : '–'}</td>
            <td className="num">{fmt(table.average.waiting)}</td>
            <td colSpan={2} />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
