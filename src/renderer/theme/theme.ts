import { schemeTableau10 } from 'd3';
import { useEffect, useState } from 'react';

export type Theme = 'light' | 'dark';

const KEY = 'glassbox.theme';

/** The theme, remembered between runs, applied as data-theme on <html>. */
export function useTheme(): [Theme, (t: Theme) => void] {
  const [theme, setTheme] = useState<Theme>(() => {
    const saved = localStorage.getItem(KEY);
    if (saved === 'light' || saved === 'dark') return saved;
    return matchMedia('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
  });
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    localStorage.setItem(KEY, theme);
  }, [theme]);
  return [theme, setTheme];
}

/** One colour per pid, stable across views and themes. */
export function pidColor(pid: number): string {
  return schemeTableau10[pid % schemeTableau10.length];
}

export const STATE_COLORS: Record<string, string> = {
  new: '#8e9aaf',
  ready: '#e9b949',
  running: '#3fb950',
  blocked: '#58a6ff',
  stopped: '#d2a8ff',
  zombie: '#f85149',
};

export const TERMINAL_THEMES = {
  dark: { background: '#0f1115', foreground: '#d7dae0', cursor: '#d7dae0', selectionBackground: '#3a4150' },
  light: { background: '#fbfbfc', foreground: '#1f2328', cursor: '#1f2328', selectionBackground: '#c8d1dc' },
} as const;
