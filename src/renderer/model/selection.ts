import { createContext, useContext, useSyncExternalStore } from 'react';

/**
 * The process the user selected, shared by every view so that selecting it in one (the
 * process tree, the table, the Gantt chart) highlights it in all of them.
 */
export function createSelection() {
  let pid: number | null = null;
  const listeners = new Set<() => void>();
  return {
    get: () => pid,
    set(next: number | null) {
      pid = next === pid ? null : next;
      for (const l of listeners) l();
    },
    subscribe(l: () => void) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}

export type Selection = ReturnType<typeof createSelection>;

export const SelectionContext = createContext<Selection>(createSelection());

/** The selected pid and a function to change it. */
export function useSelection(): [number | null, (pid: number | null) => void] {
  const sel = useContext(SelectionContext);
  const pid = useSyncExternalStore(sel.subscribe, sel.get);
  return [pid, sel.set];
}
