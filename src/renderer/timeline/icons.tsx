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
