import { createRingLog } from '../base/ringlog.ts';
import type { IpcConfig, IpcState } from './types.ts';

export const DEFAULT_IPC_CONFIG: IpcConfig = {
  pipeCapacity: 64,
  pipeAtomic: 16,
  mqCapacity: 4,
  msgMax: 256,
  semMax: 32767,
  shmMaxSlots: 256,
  maxObjects: 64,
  signalLogCap: 256,
};

/** Each setting's smallest and largest sensible value; anything else is clamped into range. */
const BOUNDS: Record<keyof IpcConfig, [number, number]> = {
  pipeCapacity: [1, 1 << 20],
  pipeAtomic: [1, 1 << 20],
  mqCapacity: [1, 4096],
  msgMax: [1, 1 << 16],
  semMax: [1, 1 << 30],
  shmMaxSlots: [1, 1 << 16],
  maxObjects: [1, 4096],
  signalLogCap: [0, 1 << 20],
};

/**
 * The settings in force: missing or malformed fields take the defaults and numbers out of
 * range are clamped, so a hand-written scenario can never make the kernel misbehave.
 */
export function resolveIpcConfig(partial: Partial<IpcConfig> = {}): IpcConfig {
  const out = { ...DEFAULT_IPC_CONFIG };
  for (const key of Object.keys(BOUNDS) as Array<keyof IpcConfig>) {
    const v = partial[key];
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    const [lo, hi] = BOUNDS[key];
    out[key] = Math.max(lo, Math.min(hi, Math.floor(v)));
  }
  return out;
}

export function createIpcState(partial?: Partial<IpcConfig>): IpcState {
  const config = resolveIpcConfig(partial);
  return {
    config,
    pipes: {},
    nextPipe: 1,
    queues: {},
    sems: {},
    segments: {},
    nextId: 1,
    deadlocks: [],
    signalLog: createRingLog(config.signalLogCap),
  };
}
