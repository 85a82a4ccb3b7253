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

/** Runs `flush` before the next paint (at once where there is no animation frame, as in tests). */
const beforeNextPaint = (flush: () => void) => {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => flush());
  else queueMicrotask(flush);
};

/**
 * The store has two readers. The terminal takes every change at once (`get`, `subscribe`),
 * so a keystroke's echo is written the moment it arrives. The views read `shown`, the
 * mirror as it was at the last animation frame (`useMirror`): however many events arrive
 * between two frames (a burst after the host was held up, say), they re-render once, and a
 * burst cannot keep the echo waiting behind a render per event.
 */
export function createStore(schedule: (flush: () => void) => void = beforeNextPaint) {
  let mirror: Mirror = { state: null, status: null, epoch: 0 };
  let shown = mirror;
  let queued = false;
  const listeners = new Set<() => void>();
  const viewers = new Set<() => void>();
  const publish = () => {
    queued = false;
    if (shown === mirror) return;
    shown = mirror;
    for (const l of viewers) l();
  };
  const notify = () => {
    for (const l of listeners) l();
    if (!queued) {
      queued = true;
      schedule(publish);
    }
  };
  return {
    get: () => mirror,
    subscribe(l: () => void) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    /** The mirror as the views show it: as of the last animation frame. */
    shown: () => shown,
    subscribeShown(l: () => void) {
      viewers.add(l);
      return () => viewers.delete(l);
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

/** Subscribes a component to one slice of the mirror, as of the last animation frame. */
export function useMirror<T>(store: Store, select: (m: Mirror) => T): T {
  return useSyncExternalStore(store.subscribeShown, () => select(store.shown()));
}
