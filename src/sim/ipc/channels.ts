/**
 * The kernel wait channels that IPC objects put their sleepers on. A selector finds an
 * object's sleepers under these names in KernelState.waiters, so naming lives in one place.
 */

export const pipeReadChannel = (id: number): string => `pipe:${id}:read`;
export const pipeWriteChannel = (id: number): string => `pipe:${id}:write`;
export const mqSendChannel = (id: number): string => `mq:${id}:send`;
export const mqRecvChannel = (id: number): string => `mq:${id}:recv`;
export const semChannel = (id: number): string => `sem:${id}`;
/** pause(2): asleep until a signal arrives. */
export const PAUSE_CHANNEL = 'pause';

/** The IPC object a wait channel belongs to, or null for other channels. */
export function channelObject(chan: string): { kind: 'pipe' | 'mq' | 'sem'; id: number } | null {
  const m = /^(pipe|mq|sem):(\d+)(?::\w+)?$/.exec(chan);
  return m ? { kind: m[1] as 'pipe' | 'mq' | 'sem', id: Number(m[2]) } : null;
}

/** The pids asleep on a wait channel, in pid order. */
export function sleepersOn(waiters: Record<string, Record<number, true>>, chan: string): number[] {
  const q = waiters[chan];
  return q ? Object.keys(q).map(Number) : [];
}
