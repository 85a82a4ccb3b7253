import { useLayoutEffect, useRef, useState } from 'react';
import { useSize } from './views/useSize.ts';

/**
 * A long text folded to its first two lines, with a button to read it whole and fold it
 * again: an example's description stays at hand without taking the room the views need on
 * a short screen. The button shows only when the text does not fit.
 */
export function ClampedText({ text, className }: { text: string; className?: string }) {
  const [open, setOpen] = useState(false);
  const [overflows, setOverflows] = useState(false);
  const p = useRef<HTMLParagraphElement>(null);
  const { width } = useSize(p);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new width or text can change whether the folded text fits.
  useLayoutEffect(() => {
    const el = p.current;
    if (el && !open) setOverflows(el.scrollHeight > el.clientHeight + 1);
  }, [open, text, width]);
  return (
    <div className={`clamped-text${className ? ` ${className}` : ''}`}>
      <p ref={p} className={open ? undefined : 'folded'} data-testid="clamped-text">
        {text}
      </p>
      {overflows || open ? (
        <button type="button" className="link more" onClick={() => setOpen(!open)} aria-expanded={open} data-testid="clamped-more">
          {open ? 'less' : 'more'}
        </button>
      ) : null}
    </div>
  );
}
