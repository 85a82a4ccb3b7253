/** Timeline icons as inline SVG: glyph fonts for ⏮/⏭ are missing on many systems. */
const common = { width: 14, height: 14, viewBox: '0 0 16 16', fill: 'currentColor' } as const;

export const PlayIcon = () => (
  <svg aria-hidden="true" {...common}>
    <path d="M4 2.5v11l9-5.5z" />
  </svg>
);

export const PauseIcon = () => (
  <svg aria-hidden="true" {...common}>
    <rect x="3.5" y="2.5" width="3" height="11" rx="0.5" />
    <rect x="9.5" y="2.5" width="3" height="11" rx="0.5" />
  </svg>
);

export const StepForwardIcon = () => (
  <svg aria-hidden="true" {...common}>
    <path d="M3 2.5v11l7.5-5.5z" />
    <rect x="11" y="2.5" width="2.2" height="11" rx="0.5" />
  </svg>
);

export const StepBackIcon = () => (
  <svg aria-hidden="true" {...common}>
    <path d="M13 2.5v11l-7.5-5.5z" />
    <rect x="2.8" y="2.5" width="2.2" height="11" rx="0.5" />
  </svg>
);

/** Two lines parting: the timeline's branches. */
export const BranchIcon = () => (
  <svg aria-hidden="true" {...common} fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round">
    <circle cx="4" cy="3" r="1.6" />
    <circle cx="4" cy="13" r="1.6" />
    <circle cx="12" cy="5" r="1.6" />
    <path d="M4 4.6v6.8M12 6.6c0 3-8 2.4-8 4.8" />
  </svg>
);
