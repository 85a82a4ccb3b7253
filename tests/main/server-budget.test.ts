import { describe, expect, it } from 'vitest';
import { type BudgetMember, MIN_KEPT_BYTES, ServerBudget } from '../../src/main/server-budget.ts';

const MB = 2 ** 20;
const limits = { keptBytes: 64 * MB, keptPerSession: 8 * MB, queuedBytes: 16 * MB, rssBytes: 320 * MB };

function member(queued = 0): BudgetMember & { kept: number | null; coalesced: boolean } {
  return {
    kept: null,
    coalesced: false,
    queued,
    get behind() {
      return this.coalesced;
    },
    setKeptBytes(bytes) {
      this.kept = bytes;
    },
    coalesce() {
      this.coalesced = true;
    },
  };
}

describe("the server's memory budget", () => {
  it('shares the kept frames out evenly, at most the per-session part, and gives room back as sessions leave', () => {
    const b = new ServerBudget(limits);
    const ms = Array.from({ length: 16 }, () => member());
    for (const m of ms.slice(0, 5)) b.join(m);
    expect(ms[0].kept).toBe(8 * MB);
    for (const m of ms.slice(5)) b.join(m);
    for (const m of ms) expect(m.kept).toBe(4 * MB);
    // However many join, what they keep in all stays within the budget.
    expect(16 * b.keptShare).toBeLessThanOrEqual(limits.keptBytes);
    for (const m of ms.slice(4)) b.leave(m);
    expect(ms[0].kept).toBe(8 * MB);
  });

  it('past the send-queue budget the biggest queues are coalesced until the rest fit', () => {
    const b = new ServerBudget(limits);
    const small = member(6 * MB);
    const big = member(12 * MB);
    const bigger = member(14 * MB);
    for (const m of [small, big, bigger]) b.join(m);
    b.check(100 * MB);
    expect(bigger.coalesced).toBe(true);
    expect(big.coalesced).toBe(true);
    expect(small.coalesced).toBe(false);
  });

  it('over its resident memory it refuses new sessions with the reason, squeezes kept frames, and relaxes once memory is back', () => {
    let now = 0;
    const b = new ServerBudget(limits, () => now);
    const m = member();
    b.join(m);
    expect(b.refusal(300 * MB)).toBeNull();
    expect(b.refusal(330 * MB)).toMatch(/memory limit \(320 MB\)/);
    b.check(330 * MB);
    expect(m.kept).toBe(4 * MB);
    b.check(330 * MB); // memory comes back only after a while: no second squeeze at once
    expect(m.kept).toBe(4 * MB);
    for (let i = 0; i < 10; i++) {
      now += 5000;
      b.check(400 * MB);
    }
    expect(m.kept).toBe(MIN_KEPT_BYTES);
    expect(b.report().squeezed).toBe(true);
    for (let i = 0; i < 10; i++) {
      now += 5000;
      b.check(200 * MB);
    }
    expect(m.kept).toBe(8 * MB);
    expect(b.report()).toMatchObject({ rssMb: 200, keptShareMb: 8, squeezed: false });
  });
});
