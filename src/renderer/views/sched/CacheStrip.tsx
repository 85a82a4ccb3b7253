import type { CpuCacheView } from '../../../sim/kernel/sched-selectors.ts';
import { pidColor } from '../../theme/theme.ts';

const pct = (x: number) => `${(100 * x).toFixed(0)}%`;

/**
 * One CPU's cache (OSTEP chapter 10's model, kernel/cpu-caches.ts): a bar as wide as the
 * cache, filled by the warm processes' working sets newest first, then the processes
 * warming there with the ticks each has left, and the CPU's busy and warm shares of the
 * time so far. The same figures `cpus` prints and `glassbox run` reports.
 */
export function CacheStrip({ c }: { c: CpuCacheView }) {
  const size = c.size ?? 0;
  return (
    <div className="cache-strip" data-testid={`cache-strip-${c.cpu}`}>
      <span className="cache-name">cache {c.used}/{size}</span>
      <span className="cache-bar" role="img" aria-label={`CPU ${c.cpu}'s cache: ${c.used} of ${size} units warm`}>
        {c.warmPids.map((w) => (
          <span
            key={w.pid}
            className="cache-fill"
            style={{ width: size > 0 ? `${(100 * w.workingSet) / size}%` : 0, background: pidColor(w.pid) }}
            title={`pid ${w.pid} (${w.name}) warm: working set ${w.workingSet}`}
          />
        ))}
      </span>
      <span className="cache-list">
        {c.warmPids.length === 0 && c.warming.length === 0 ? <span className="muted">nothing warm</span> : null}
        {c.warmPids.map((w) => (
          <span key={w.pid} className="cache-pid warm" style={{ borderColor: pidColor(w.pid) }} title={`pid ${w.pid} is warm here: it does the warm rate of work per tick`}>
            {w.pid} warm
          </span>
        ))}
        {c.warming.map((w) => (
          <span key={w.pid} className="cache-pid warming" style={{ borderColor: pidColor(w.pid) }} title={`pid ${w.pid} is warming here: ${w.left} more ticks of running on this CPU`}>
            {w.pid} warming, {w.left} left
          </span>
        ))}
      </span>
      <span className="muted cache-time" data-testid={`cache-time-${c.cpu}`} title="Ticks this CPU ran a process, and ticks it ran one warm in its cache, with their shares of the time so far">
        busy {c.busyTicks} ({pct(c.utilisation)}) · warm {c.warmTicks} ({pct(c.warm)})
      </span>
    </div>
  );
}
