import type { HeapMetrics } from '../../../sim/abi/heap.ts';
import { percent } from './format.ts';
import { METRIC_ROWS } from './metric-rows.ts';

/** The heap's figures now: a bar of how the arena divides, then the numbers. */
export function MetricsPanel({ m }: { m: HeapMetrics }) {
  const parts = [
    { key: 'payload', label: 'payload', bytes: m.payload, className: 'payload' },
    { key: 'header', label: 'headers', bytes: m.headerBytes, className: 'header' },
    { key: 'padding', label: 'padding', bytes: m.paddingBytes, className: 'padding' },
    { key: 'free', label: 'free', bytes: m.freeBytes, className: 'free' },
  ];
  return (
    <div className="mem-metrics" data-testid="heap-metrics">
      <div className="mem-split" role="img" aria-label={parts.map((p) => `${p.label} ${p.bytes} B`).join(', ')}>
        {parts.map((p) =>
          p.bytes > 0 ? <div key={p.key} className={p.className} style={{ flexGrow: p.bytes }} title={`${p.label}: ${p.bytes} B (${percent(p.bytes / m.heapSize)})`} /> : null,
        )}
      </div>
      <dl className="fields">
        {METRIC_ROWS.map((r) => (
          <div key={r.key} className="mem-field" title={r.about} data-metric={r.key}>
            <dt>{r.label}</dt>
            <dd>{r.value(m, m.heapSize)}</dd>
          </div>
        ))}
      </dl>
      <p className="muted mem-calls" title="Calls so far">
        {m.allocs} malloc · {m.frees} free · {m.reallocs} realloc calls
      </p>
    </div>
  );
}
