import { enablePatches, produceWithPatches } from 'immer';
import { describe, expect, it } from 'vitest';
import { createStore } from '../../../src/renderer/model/store.ts';
import type { SessionStatus } from '../../../src/shared/protocol.ts';
import type { KernelState } from '../../../src/sim/kernel/state.ts';
import { createMachine, runTo } from '../../../src/sim/machine/machine.ts';

enablePatches();

const status = (tick: number): SessionStatus => ({ tick, playing: false, speed: 20, hurry: true, hurrying: false, achievedSpeed: null, maxTick: tick, scenarioName: 'test', branch: { id: 1, count: 1, change: null }, history: null, refusals: [] });

/** A booted machine with a CPU-bound process, and the patches of running it `ticks` further. */
function machineAndPatches(ticks: number) {
  const m = createMachine({ login: null });
  runTo(m, 1, [{ tick: 0, kind: 'spawn', request: { program: 'cpu', argv: ['cpu', '50'] } }]);
  const before = structuredClone(m.state) as KernelState;
  const [after, patches] = produceWithPatches(before, (draft) => {
    runTo({ state: draft, rt: m.rt }, draft.tick + ticks);
  });
  return { before, after, patches };
}

describe('the renderer store', () => {
  it('takes a snapshot whole, starts a new epoch and tells its listeners', () => {
    const store = createStore();
    const { before } = machineAndPatches(0);
    let heard = 0;
    store.subscribe(() => heard++);
    store.apply({ kind: 'snapshot', state: before, status: status(1) });
    expect(store.get()).toEqual({ state: before, status: status(1), epoch: 1 });
    expect(heard).toBe(1);
  });

  it('applies patches to the mirror so it equals the host state, keeping untouched parts', () => {
    const store = createStore();
    const { before, after, patches } = machineAndPatches(5);
    store.apply({ kind: 'snapshot', state: before, status: status(1) });
    store.apply({ kind: 'patch', patches, status: status(6) });
    const m = store.get();
    expect(m.state).toEqual(after);
    expect(m.state!.tick).toBe(before.tick + 5);
    expect(m.epoch).toBe(1); // a patch is not a jump in time
    // The file system did not change, so a view of it need not re-render.
    expect(m.state!.fs).toBe(before.fs);
    expect(m.state!.procs).not.toBe(before.procs);
  });

  it('ignores patches that come before any snapshot', () => {
    const store = createStore();
    const { patches } = machineAndPatches(3);
    let heard = 0;
    store.subscribe(() => heard++);
    store.apply({ kind: 'patch', patches, status: status(4) });
    expect(store.get()).toEqual({ state: null, status: null, epoch: 0 });
    expect(heard).toBe(0);
  });

  it('changes only the status on a status event', () => {
    const store = createStore();
    const { before } = machineAndPatches(0);
    store.apply({ kind: 'snapshot', state: before, status: status(1) });
    store.apply({ kind: 'status', status: { ...status(1), playing: true } });
    const m = store.get();
    expect(m.state).toBe(before);
    expect(m.status?.playing).toBe(true);
    expect(m.epoch).toBe(1);
  });

  it('starts a new epoch on reset and on every snapshot', () => {
    const store = createStore();
    const { before, after } = machineAndPatches(2);
    store.reset(before, status(1));
    store.apply({ kind: 'snapshot', state: after, status: status(3) });
    store.reset(before, status(1));
    expect(store.get().epoch).toBe(3);
    expect(store.get().state).toBe(before);
  });

  it('stops telling a listener once it unsubscribes', () => {
    const store = createStore();
    const { before } = machineAndPatches(0);
    let heard = 0;
    const off = store.subscribe(() => heard++);
    store.reset(before, status(1));
    off();
    store.reset(before, status(1));
    expect(heard).toBe(1);
  });

  it('tells the terminal of every event at once, and the views once per frame with the latest mirror', () => {
    const frames: (() => void)[] = [];
    const store = createStore((flush) => frames.push(flush));
    const { before, after, patches } = machineAndPatches(4);
    let terminal = 0;
    let views = 0;
    store.subscribe(() => terminal++);
    store.subscribeShown(() => views++);
    store.apply({ kind: 'snapshot', state: before, status: status(1) });
    store.apply({ kind: 'patch', patches, status: status(5) });
    store.apply({ kind: 'status', status: { ...status(5), playing: true } });
    expect(terminal).toBe(3);
    expect(store.get().state).toEqual(after);
    // Until the frame, the views still show what they showed: nothing yet.
    expect(views).toBe(0);
    expect(store.shown().state).toBe(null);
    expect(frames).toHaveLength(1);
    frames.shift()!();
    expect(views).toBe(1);
    expect(store.shown()).toBe(store.get());
    expect(store.shown().status?.playing).toBe(true);
    // A later event reaches the views at the next frame.
    store.apply({ kind: 'status', status: status(5) });
    frames.shift()!();
    expect(views).toBe(2);
    expect(frames).toHaveLength(0);
  });
});
