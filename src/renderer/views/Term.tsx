import { type ReactNode, useId, useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';

/** Where a term's explanation shows: under the term, kept inside the window (above it when there is no room below). */
function tipPlace(term: DOMRect, tip: { width: number; height: number }): { left: number; top: number } {
  const margin = 8;
  const left = Math.max(margin, Math.min(term.left, window.innerWidth - tip.width - margin));
  const below = term.bottom + 4;
  const top = below + tip.height + margin > window.innerHeight ? Math.max(margin, term.top - tip.height - 4) : below;
  return { left, top };
}

/**
 * Makes the term at `el` the one of its group that Tab reaches (a roving tab stop): a row
 * of terms, marked `data-term-group`, is one stop, and the arrow keys move along it.
 */
function rove(el: HTMLElement, focus: boolean): void {
  const group = el.closest('[data-term-group]');
  const terms = group ? [...group.querySelectorAll<HTMLElement>('[data-term]')] : [el];
  for (const t of terms) t.tabIndex = t === el ? 0 : -1;
  if (focus) el.focus();
}

/**
 * A word or figure with an explanation (or, with `control`, a labelled control such as a
 * checkbox, see CheckTerm): shown while the pointer is over it or it has the
 * keyboard's focus, and read out with it (aria-describedby). Terms in an element marked
 * `data-term-group` (a summary line, a table's header row) are one Tab stop between them;
 * the arrow keys go from term to term, and Escape hides the explanation.
 */
export function Term({ about, children, testId, control = false }: { about: string; children: ReactNode; testId?: string; control?: boolean }) {
  const id = useId();
  const ref = useRef<HTMLElement>(null);
  const tipRef = useRef<HTMLSpanElement>(null);
  const [open, setOpen] = useState(false);
  const [place, setPlace] = useState<{ left: number; top: number } | null>(null);

  // The first term of a group is its tab stop until another is focused. A term around a
  // control is no stop of its own: the control is, and the explanation describes it.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (control) {
      el.querySelector('input, select, button')?.setAttribute('aria-describedby', id);
      return;
    }
    const group = el.closest('[data-term-group]');
    el.tabIndex = !group || group.querySelector('[data-term]') === el ? 0 : -1;
  }, [control, id]);

  // Placed in the window (fixed), so a panel that scrolls or clips cannot cut it off.
  useLayoutEffect(() => {
    if (!open || !ref.current || !tipRef.current) return;
    const tip = tipRef.current.getBoundingClientRect();
    setPlace(tipPlace(ref.current.getBoundingClientRect(), { width: tip.width, height: tip.height }));
  }, [open]);

  const show = () => setOpen(true);
  const hide = () => {
    setOpen(false);
    setPlace(null);
  };
  return (
    <dfn
      ref={ref}
      className={control ? 'term term-control' : 'term'}
      data-term={control ? undefined : ''}
      aria-describedby={control ? undefined : id}
      data-testid={testId}
      onMouseEnter={show}
      onMouseLeave={() => !ref.current?.contains(document.activeElement) && hide()}
      onFocus={() => {
        if (ref.current && !control) rove(ref.current, false);
        show();
      }}
      onBlur={hide}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          hide();
          return;
        }
        if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
        const group = ref.current?.closest('[data-term-group]');
        if (!group || !ref.current) return;
        const terms = [...group.querySelectorAll<HTMLElement>('[data-term]')];
        const next = terms[terms.indexOf(ref.current) + (e.key === 'ArrowRight' ? 1 : -1)];
        if (!next) return;
        e.preventDefault();
        e.stopPropagation(); // the arrows are the timeline's keys elsewhere
        rove(next, true);
      }}
    >
      {children}
      {/* In the page's body: no panel clips it, and the term's own text stays only the term. */}
      {createPortal(
        <span
          ref={tipRef}
          id={id}
          role="tooltip"
          className="term-tip"
          hidden={!open}
          style={place ? { left: place.left, top: place.top } : { visibility: 'hidden' }}
        >
          {about}
        </span>,
        document.body,
      )}
    </dfn>
  );
}

/**
 * A checkbox whose label has an explanation: shown while the box has the keyboard's focus or
 * the pointer is over its label, and read out as the box's description.
 */
export function CheckTerm({
  about,
  checked,
  onChange,
  children,
  testId,
  className,
}: {
  about: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  children: ReactNode;
  testId?: string;
  className?: string;
}) {
  return (
    <Term about={about} control>
      <label className={className ? `check-term ${className}` : 'check-term'}>
        <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} data-testid={testId} />{' '}
        <span className="term-word">{children}</span>
      </label>
    </Term>
  );
}
