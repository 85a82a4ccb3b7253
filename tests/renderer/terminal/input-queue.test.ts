import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { createInputQueue, type LostKeys, lostKeysTitle } from '../../../src/renderer/terminal/input-queue.ts';

/** A transport whose requests finish when the test says so. */
function manualSend() {
  const sent: string[] = [];
  const pending: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];
  let inFlight = 0;
  let most = 0;
  const send = (data: string) =>
    new Promise<void>((resolve, reject) => {
      sent.push(data);
      most = Math.max(most, ++inFlight);
      pending.push({
        resolve: () => {
          inFlight--;
          resolve();
        },
        reject: (e) => {
          inFlight--;
          reject(e);
        },
      });
    });
  return { send, sent, pending, most: () => most };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('the input queue', () => {
  it('sends the first key at once and joins the keys typed meanwhile into the next request', async () => {
    const t = manualSend();
    const q = createInputQueue(t.send);
    q.push('l');
    q.push('s');
    q.push('\r');
    expect(t.sent).toEqual(['l']);
    t.pending.shift()!.resolve();
    await settle();
    expect(t.sent).toEqual(['l', 's\r']);
    t.pending.shift()!.resolve();
    await settle();
    expect(t.sent).toEqual(['l', 's\r']);
  });

  it('goes on with the keys after a request that failed', async () => {
    const t = manualSend();
    const q = createInputQueue(t.send);
    q.push('a');
    q.push('b');
    t.pending.shift()!.reject(new Error('socket closed'));
    await settle();
    expect(t.sent).toEqual(['a', 'b']);
  });

  it('says how many keys a failed request lost and why, counting on until a request goes through', async () => {
    const t = manualSend();
    const lost: LostKeys[] = [];
    const q = createInputQueue(t.send, (l) => lost.push(l));
    q.push('l');
    q.push('s');
    q.push('\r');
    t.pending.shift()!.reject(new Error('connection to the simulator closed'));
    await settle();
    expect(lost).toEqual([{ keys: 1, why: 'connection to the simulator closed' }]);
    t.pending.shift()!.reject(new Error('not connected to the simulator'));
    await settle();
    expect(lost.at(-1)).toEqual({ keys: 3, why: 'not connected to the simulator' });
    q.push('x');
    t.pending.shift()!.resolve();
    await settle();
    q.push('y');
    t.pending.shift()!.reject(new Error('busy'));
    await settle();
    expect(lost.at(-1)).toEqual({ keys: 1, why: 'busy' });
    expect(lost).toHaveLength(3);
  });

  it('names the count in the notice', () => {
    expect(lostKeysTitle({ keys: 1, why: '' })).toBe('1 keystroke was not sent to the terminal');
    expect(lostKeysTitle({ keys: 4, why: '' })).toBe('4 keystrokes were not sent to the terminal');
  });

  test.prop([fc.array(fc.oneof(fc.string({ minLength: 1, maxLength: 4 }), fc.constant(null)), { maxLength: 60 })])(
    'sends every key once, in order, with at most one request outstanding',
    async (script) => {
      const t = manualSend();
      const q = createInputQueue(t.send);
      let typed = '';
      for (const step of script) {
        if (step === null) t.pending.shift()?.resolve();
        else {
          q.push(step);
          typed += step;
        }
        await settle();
      }
      while (t.pending.length) {
        t.pending.shift()!.resolve();
        await settle();
      }
      expect(t.sent.join('')).toBe(typed);
      expect(t.most()).toBeLessThanOrEqual(1);
    },
  );
});
