import { applyPatches, enablePatches } from 'immer';
import { useSyncExternalStore } from 'react';
import type { KernelState } from '../../sim/kernel/state.ts';
import type { GlassboxEvent, SessionStatus } from '../../shared/protocol.ts';

enablePatches();

/**
 * The renderer's mirror of the kernel: the last snapshot with every patch since applied
 * by immer. Unchanged subtrees keep their identity, so a view re-renders only when the
 * part it reads has changed. `epoch` counts snapshots: a view that accumulates (the
 * terminal) starts over when it changes, because time jumped.
 */
export interface Mirror {
  state: KernelState | null;
  status: SessionStatus | null;
  epoch: number;
}

export function createStore() {
  let mirror: Mirror = { state: null, status: null, epoch: 0 };
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const l of listeners) l();
  };
  return {
    get: () => mirror,
    subscribe(l: () => void) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    reset(state: KernelState, status: SessionStatus) {
      mirror = { state, status, epoch: mirror.epoch + 1 };
      notify();
    },
    apply(e: GlassboxEvent) {
      if (e.kind === 'snapshot') {
        mirror = { state: e.state, status: e.status, epoch: mirror.epoch + 1 };
      } else if (e.kind === 'patch') {
        if (!mirror.state) return; // patches before the first snapshot have nothing to apply to
        mirror = { ...mirror, state: applyPatches(mirror.state, e.patches), status: e.status };
      } else {
        mirror = { ...mirror, status: e.status };
      }
      notify();
    },
  };
}

export type Store = ReturnType<typeof createStore>;

/** Subscribes a component to one slice of the mirror. */
export function useMirror<T>(store: Store, select: (m: Mirror) => T): T {
  return useSyncExternalStore(store.subscribe, () => select(store.get()));
}
