import type { ReceivedMessage } from '../abi/ipc.ts';
import type { Message, MsgQueue } from './types.ts';

/**
 * A message queue as pure operations: append in arrival order, take the first message that
 * matches a type filter. Blocking on a full or empty queue is the kernel's business.
 */

export function createQueue(id: number, key: number, capacity: number, creator: number, tick: number): MsgQueue {
  return { id, key, capacity, msgs: {}, nextSeq: 0, count: 0, creator, created: tick };
}

export function queueFull(q: MsgQueue): boolean {
  return q.count >= q.capacity;
}

export function enqueueMessage(q: MsgQueue, msg: Message): void {
  q.msgs[q.nextSeq++] = msg;
  q.count++;
}

/**
 * The sequence number of the message msgrcv(2) would take for `type`: 0 takes the oldest
 * message; a positive type the oldest of that type; a negative type the oldest of the
 * lowest type not above |type|. Null when none matches.
 */
export function matchingMessage(q: MsgQueue, type: number): number | null {
  let best: number | null = null;
  for (const key in q.msgs) {
    const seq = Number(key);
    const t = q.msgs[seq].type;
    if (type === 0 || t === type) return seq;
    if (type < 0 && t <= -type && (best === null || t < q.msgs[best].type)) best = seq;
  }
  return best;
}

/** Removes and returns the message msgrcv would take, or null. */
export function dequeueMessage(q: MsgQueue, type: number): ReceivedMessage | null {
  const seq = matchingMessage(q, type);
  if (seq === null) return null;
  const { type: t, text, from } = q.msgs[seq];
  delete q.msgs[seq];
  q.count--;
  return { type: t, text, from };
}

/** The messages in arrival order. */
export function queuedMessages(q: MsgQueue): Message[] {
  const out: Message[] = [];
  for (const key in q.msgs) out.push(q.msgs[Number(key)]);
  return out;
}
