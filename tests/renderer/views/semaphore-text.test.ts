import { describe, expect, it } from 'vitest';
import { semaphoreUse } from '../../../src/renderer/views/semaphore-text.ts';

describe("a semaphore's card", () => {
  it('names who holds a lock (a semaphore created with 1), or nobody', () => {
    expect(semaphoreUse({ initial: 1, holders: [{ pid: 5, count: 1 }] })).toBe(' · held by 5');
    expect(semaphoreUse({ initial: 1, holders: [] })).toBe(' · held by nobody');
  });

  it('gives a counting semaphore no holder, only the value it started with', () => {
    // The producer took 4 units the consumer posted back: it holds nothing.
    expect(semaphoreUse({ initial: 2, holders: [{ pid: 5, count: 4 }] })).toBe(' (initially 2)');
    expect(semaphoreUse({ initial: 0, holders: [{ pid: 6, count: 3 }] })).toBe(' (initially 0)');
  });
});
