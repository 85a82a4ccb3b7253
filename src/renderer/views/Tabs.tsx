import { type ReactNode, useState } from 'react';

export interface Tab {
  id: string;
  label: string;
  content: () => ReactNode;
}

/** A row of tabs over one panel; only the active tab's content is rendered. */
export function Tabs({ tabs, initial }: { tabs: Tab[]; initial?: string }) {
  const [active, setActive] = useState(initial ?? tabs[0].id);
  const current = tabs.find((t) => t.id === active) ?? tabs[0];
  return (
    <div className="tabs">
      <div
        className="tab-row"
        role="tablist"
        onKeyDown={(e) => {
          // Left and Right move between tabs, as the ARIA tabs pattern has it.
          if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
          e.preventDefault();
          const i = tabs.findIndex((t) => t.id === current.id);
          const next = tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
          setActive(next.id);
          document.getElementById(`tab-${next.id}`)?.focus();
        }}
      >
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={t.id === current.id}
            aria-controls={`tabpanel-${t.id}`}
            tabIndex={t.id === current.id ? 0 : -1}
            className={t.id === current.id ? 'active' : undefined}
            onClick={(e) => {
              setActive(t.id);
              // A mouse click leaves no focus on the tab, so the arrow keys go on driving
              // the timeline; a keyboard user who tabbed here keeps ARIA's arrow keys.
              if (e.detail > 0) e.currentTarget.blur();
            }}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div className="tab-panel" role="tabpanel" id={`tabpanel-${current.id}`} aria-labelledby={`tab-${current.id}`}>
        {current.content()}
      </div>
    </div>
  );
}
