import type { ReactNode } from 'react';

/**
 * A titled panel: a heading, an optional note beside it, optional controls on the right,
 * and a body that scrolls. Every view's boxes look and behave the same.
 */
export function PanelBox({
  title,
  note,
  controls,
  flush = false,
  className,
  bodyClassName,
  children,
}: {
  title: string;
  note?: ReactNode;
  controls?: ReactNode;
  /** No padding inside the body (tables that run to the edges). */
  flush?: boolean;
  className?: string;
  bodyClassName?: string;
  children: ReactNode;
}) {
  return (
    <section className={`panel${className ? ` ${className}` : ''}`} aria-label={title}>
      <header>
        <h2>{title}</h2>
        {/* A narrow panel cuts its note short with an ellipsis; a plain-text note is whole on hover. */}
        {note ? (
          <span className="muted" title={typeof note === 'string' ? note : undefined}>
            {note}
          </span>
        ) : null}
        {controls ? <div className="header-controls">{controls}</div> : null}
      </header>
      <div className={`panel-body${flush ? ' scroll' : ''}${bodyClassName ? ` ${bodyClassName}` : ''}`}>{children}</div>
    </section>
  );
}
