import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { axisTicks, barAt, type GanttContext, type GanttModel, ganttLayout, ganttSummary, MARGIN, paintGantt } from '../../src/renderer/views/sched/paint-gantt.ts';
import type { GanttBar, GanttRow } from '../../src/sim/kernel/sched-selectors.ts';

/** A canvas that records what was drawn: each filled rectangle with the colour and alpha it had. */
function fakeCanvas() {
  const fills: Array<{ x: number; y: number; w: number; h: number; style: string; alpha: number }> = [];
  const texts: string[] = [];
  const ctx = {
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    globalAlpha: 1,
    font: '',
    textAlign: 'left',
    textBaseline: 'alphabetic',
    fillRect(x: number, y: number, w: number, h: number) {
      fills.push({ x, y, w, h, style: String(this.fillStyle), alpha: this.globalAlpha });
    },
    fillText(t: string) {
      texts.push(t);
    },
    strokeRect() {},
    clearRect() {},
    beginPath() {},
    moveTo() {},
    lineTo() {},
    stroke() {},
    rect() {},
    clip() {},
    save() {},
    restore() {},
    setLineDash() {},
  };
  return { ctx: ctx as unknown as GanttContext, fills, texts };
}

const bar = (pid: number, start: number, end: number, kind: GanttBar['kind'] = 'run'): GanttBar => ({ pid, start, end, kind, name: `p${pid}`, why: '' });
const palette = { lane: 'LANE', text: 'TEXT', muted: 'MUTED', axis: 'AXIS', now: 'NOW', panel: 'PANEL', switchBg: 'SWITCH', barLabel: 'LABEL', font: '11px mono' };
const model = (rows: GanttRow[], extra: Partial<GanttModel> = {}): GanttModel => ({
  rows,
  from: 0,
  to: 100,
  width: 600,
  selected: null,
  palette,
  color: (pid) => `pid${pid}`,
  ...extra,
});

describe('paintGantt', () => {
  it('paints a lane per row and a bar per run, in its process colour, where the scale puts it', () => {
    const rows: GanttRow[] = [
      { key: 'cpu:0', label: 'CPU 0', bars: [bar(2, 0, 50), bar(3, 50, 100)] },
      { key: 'io', label: 'I/O', bars: [bar(2, 10, 20, 'io')] },
    ];
    const { ctx, fills, texts } = fakeCanvas();
    const m = model(rows);
    paintGantt(ctx, m);
    expect(fills.filter((f) => f.style === 'LANE')).toHaveLength(2);
    const runs = fills.filter((f) => f.style.startsWith('pid') && f.alpha === 1);
    expect(runs.map((f) => f.style)).toEqual(['pid2', 'pid3']);
    const L = ganttLayout(m);
    expect(runs[0].x).toBeCloseTo(MARGIN.left);
    expect(runs[0].w).toBeCloseTo(L.x(50) - L.x(0));
    expect(runs[1].x).toBeCloseTo(L.x(50));
    // The I/O bar is a tint of its process's colour.
    expect(fills.some((f) => f.style === 'pid2' && f.alpha < 1)).toBe(true);
    expect(texts).toContain('CPU 0');
    expect(texts).toContain('I/O');
  });

  it('dims the bars of processes other than the selected one, and leaves idle unpainted', () => {
    const rows: GanttRow[] = [{ key: 'cpu:0', label: 'CPU 0', bars: [bar(2, 0, 10), { ...bar(0, 10, 20, 'idle'), pid: null }, bar(3, 20, 30)] }];
    const { ctx, fills } = fakeCanvas();
    paintGantt(ctx, model(rows, { selected: 3 }));
    const bars = fills.filter((f) => f.style.startsWith('pid'));
    expect(bars.map((f) => [f.style, f.alpha])).toEqual([
      ['pid2', 0.3],
      ['pid3', 1],
    ]);
  });

  it('writes the pid on a wide run bar, or the name the chart gives the process (a lab names jobs), and nothing on a bar too narrow for it', () => {
    const rows: GanttRow[] = [{ key: 'cpu:0', label: 'CPU 0', bars: [bar(2, 0, 50), bar(3, 50, 51)] }];
    const live = fakeCanvas();
    paintGantt(live.ctx, model(rows));
    expect(live.texts).toContain('2');
    expect(live.texts).not.toContain('3');
    const lab = fakeCanvas();
    paintGantt(lab.ctx, model(rows, { barLabel: (pid) => `job ${pid - 2}` }));
    expect(lab.texts).toContain('job 0');
    expect(lab.texts).not.toContain('2');
    expect(lab.texts).not.toContain('job 1');
  });

  it('a one-tick bar in a 10,000-tick window is still at least a pixel wide', () => {
    const rows: GanttRow[] = [{ key: 'cpu:0', label: 'CPU 0', bars: [bar(2, 5000, 5001)] }];
    const { ctx, fills } = fakeCanvas();
    paintGantt(ctx, model(rows, { from: 0, to: 10_000 }));
    expect(fills.find((f) => f.style === 'pid2')!.w).toBeGreaterThanOrEqual(1);
  });

  test.prop([fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 100, max: 4000 })])(
    'axis ticks are round, in range, increasing, and about one per 80 pixels',
    (from, len, width) => {
      const ticks = axisTicks(from, from + len, width);
      for (let i = 0; i < ticks.length; i++) {
        expect(ticks[i]).toBeGreaterThanOrEqual(from);
        expect(ticks[i]).toBeLessThanOrEqual(from + len);
        if (i > 0) expect(ticks[i]).toBeGreaterThan(ticks[i - 1]);
      }
      expect(ticks.length).toBeLessThanOrEqual(Math.max(2, Math.floor(width / 80)) + 1);
    },
  );
});

describe('barAt', () => {
  it('finds the bar under the pointer from the same layout the painter used', () => {
    const rows: GanttRow[] = [
      { key: 'pid:2', label: '2 a', bars: [bar(2, 0, 40)] },
      { key: 'pid:3', label: '3 b', bars: [bar(3, 40, 100)] },
    ];
    const m = model(rows);
    const L = ganttLayout(m);
    expect(barAt(m, L.x(20), L.rowTop(0) + 5)?.pid).toBe(2);
    expect(barAt(m, L.x(70), L.rowTop(1) + 5)?.pid).toBe(3);
    expect(barAt(m, L.x(70), L.rowTop(0) + 5)).toBeNull();
    expect(barAt(m, L.x(20), 1000)).toBeNull();
  });
});

describe('ganttSummary', () => {
  it('counts the I/O bars that are swap-ins apart from other I/O', () => {
    const io = (why: string): GanttBar => ({ start: 0, end: 4, kind: 'io', pid: 3, name: 'memtouch', why });
    const rows: GanttRow[] = [
      { key: 'io', label: 'I/O', bars: [io('page fault: swap-in (4 ticks)'), io('page fault: writing a victim to swap (4 ticks)'), io('page fault: swap-in (8 ticks), the allocator writing a header'), io('read')] },
    ];
    expect(ganttSummary(rows)).toMatchObject({ io: 4, swapIn: 2 });
  });
});
