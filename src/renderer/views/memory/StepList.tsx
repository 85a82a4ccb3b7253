import { useEffect, useRef } from 'react';
import type { TraceStepView } from '../../../sim/memory/selectors.ts';

const WINDOW = 120;

/**
 * The trace's operations in order: the current one (the latest the program has run)
 * highlighted, each done one with its result, the rest to come. A long trace shows a
 * window around the current operation.
 */
export function StepList({ steps, current, onHover }: { steps: TraceStepView[]; current: number | null; onHover: (addr: number | null) => void }) {
  const list = useRef<HTMLOListElement>(null);
  const at = current ?? -1;
  const from = Math.max(0, Math.min(at - WINDOW / 2, steps.length - WINDOW));
  const shown = steps.slice(from, from + WINDOW);

  useEffect(() => {
    if (current === null) return;
    const el = list.current?.querySelector<HTMLElement>('[aria-current="step"]');
    if (!el || !list.current) return;
    const box = list.current.parentElement;
    if (!box) return;
    const top = el.offsetTop - box.offsetTop;
    if (top < box.scrollTop || top + el.offsetHeight > box.scrollTop + box.clientHeight) box.scrollTop = Math.max(0, top - box.clientHeight / 3);
  }, [current]);

  return (
    <div className="mem-steps-box">
      {from > 0 ? <p className="muted mem-steps-more">… {from.toLocaleString('en')} earlier operations</p> : null}
      <ol className="mem-steps" ref={list} start={from + 1} data-testid="step-list">
        {shown.map((s) => (
          <li
            key={s.index}
            className={`${s.status}${s.index === current ? ' current' : ''}${s.status === 'done' && !s.ok ? ' failed' : ''}`}
            aria-current={s.index === current ? 'step' : undefined}
            data-status={s.status}
            onMouseEnter={() => onHover(s.addr)}
            onMouseLeave={() => onHover(null)}
          >
            <span className="mem-step-n">{s.index + 1}</span>
            <code>{s.label}</code>
            <span className="mem-step-result">{s.result}</span>
          </li>
        ))}
      </ol>
      {from + WINDOW < steps.length ? <p className="muted mem-steps-more">… {(steps.length - from - WINDOW).toLocaleString('en')} more to come</p> : null}
    </div>
  );
}
