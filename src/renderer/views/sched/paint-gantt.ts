import type { GanttBar, GanttRow } from '../../../sim/kernel/sched-selectors.ts';

/**
 * The Gantt chart painted on a canvas, as plain functions of a model: the same picture
 * the SVG chart drew (lanes, bars coloured by process, hatched context switches, tinted
 * I/O, dashed waits, the axis and the "now" line), but one draw call per bar, so a window
 * of 10,000 ticks with thousands of bars paints in a few milliseconds and React never
 * builds an element per bar. `barAt` answers the pointer's questions from the same layout.
 */

export const MARGIN = { top: 6, right: 14, bottom: 24, left: 86 };
export const ROW = 24;
const PAD = 0.2; // the share of a row left as padding, as d3's band scale had it

export interface GanttPalette {
  lane: string;
  text: string;
  muted: string;
  axis: string;
  now: string;
  panel: string;
  switchBg: string;
  barLabel: string;
  font: string;
}

export interface GanttModel {
  rows: GanttRow[];
  from: number;
  to: number;
  /** CSS pixels. */
  width: number;
  /** The current tick, drawn as a line (omit for a finished lab run). */
  now?: number;
  selected: number | null;
  hovered?: GanttBar | null;
  palette: GanttPalette;
  color(pid: number): string;
  /** What a run bar says: its pid, unless the chart names its processes otherwise (the lab names jobs). */
  barLabel?(pid: number): string;
}

/** The subset of CanvasRenderingContext2D the painter uses (so a test can record it). */
export type GanttContext = Pick<
  CanvasRenderingContext2D,
  | 'fillStyle'
  | 'strokeStyle'
  | 'lineWidth'
  | 'globalAlpha'
  | 'font'
  | 'textAlign'
  | 'textBaseline'
  | 'fillRect'
  | 'strokeRect'
  | 'clearRect'
  | 'fillText'
  | 'beginPath'
  | 'moveTo'
  | 'lineTo'
  | 'stroke'
  | 'rect'
  | 'clip'
  | 'save'
  | 'restore'
  | 'setLineDash'
>;

export function ganttHeight(rows: readonly GanttRow[]): number {
  return Math.max(ROW, rows.length * ROW) + MARGIN.top + MARGIN.bottom;
}

/** Where things go: the tick-to-pixel scale and each row's band. */
export function ganttLayout(m: Pick<GanttModel, 'rows' | 'from' | 'to' | 'width'>) {
  const innerW = Math.max(60, m.width - MARGIN.left - MARGIN.right);
  const innerH = Math.max(ROW, m.rows.length * ROW);
  const span = Math.max(1, m.to - m.from);
  const x = (t: number) => MARGIN.left + ((t - m.from) / span) * innerW;
  const band = ROW * (1 - PAD);
  const rowTop = (i: number) => MARGIN.top + i * ROW + (ROW - band) / 2;
  return { innerW, innerH, x, band, rowTop, invert: (px: number) => m.from + ((px - MARGIN.left) / innerW) * span };
}

/** Axis ticks: round numbers about every 80 pixels. */
export function axisTicks(from: number, to: number, innerW: number): number[] {
  const count = Math.max(2, Math.floor(innerW / 80));
  const raw = Math.max(1, (to - from) / count);
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((k) => k * pow).find((s) => s >= raw) ?? 10 * pow;
  const out: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) out.push(t);
  return out;
}

const label = (s: string) => (s.length > 12 ? `${s.slice(0, 11)}…` : s);

export function paintGantt(ctx: GanttContext, m: GanttModel): void {
  const L = ganttLayout(m);
  const p = m.palette;
  ctx.clearRect(0, 0, m.width, ganttHeight(m.rows));
  ctx.font = p.font;
  ctx.textBaseline = 'middle';
  const right = MARGIN.left + L.innerW;
  m.rows.forEach((row, i) => {
    const top = L.rowTop(i);
    ctx.fillStyle = p.lane;
    ctx.fillRect(MARGIN.left, top, L.innerW, L.band);
    ctx.fillStyle = p.text;
    ctx.textAlign = 'right';
    ctx.fillText(label(row.label), MARGIN.left - 8, top + L.band / 2);
    for (const b of row.bars) {
      if (b.kind === 'idle') continue;
      const x0 = Math.max(MARGIN.left, L.x(b.start));
      const w = Math.max(1, Math.min(right, L.x(b.end)) - x0);
      ctx.globalAlpha = m.selected === null || b.pid === null || m.selected === b.pid ? 1 : 0.3;
      paintBar(ctx, b, x0, top, w, L.band, m);
      if (b === m.hovered || (m.selected !== null && m.selected === b.pid)) {
        ctx.strokeStyle = p.text;
        ctx.lineWidth = 1.5;
        ctx.strokeRect(x0, top, w, L.band);
      }
      const text = b.pid === null ? '' : m.barLabel ? m.barLabel(b.pid) : String(b.pid);
      if (b.kind === 'run' && text && w > Math.max(26, text.length * 7 + 6)) {
        ctx.fillStyle = p.barLabel;
        ctx.textAlign = 'center';
        ctx.fillText(text, x0 + w / 2, top + L.band / 2);
      }
    }
    ctx.globalAlpha = 1;
  });
  const bottom = MARGIN.top + L.innerH;
  if (m.now !== undefined && m.now >= m.from && m.now <= m.to) {
    ctx.strokeStyle = p.now;
    ctx.lineWidth = 1.5;
    ctx.setLineDash([3, 2]);
    ctx.beginPath();
    ctx.moveTo(L.x(m.now), MARGIN.top - 4);
    ctx.lineTo(L.x(m.now), bottom);
    ctx.stroke();
    ctx.setLineDash([]);
  }
  ctx.strokeStyle = p.axis;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(MARGIN.left, bottom + 0.5);
  ctx.lineTo(right, bottom + 0.5);
  ctx.fillStyle = p.muted;
  ctx.textAlign = 'center';
  for (const t of axisTicks(m.from, m.to, L.innerW)) {
    const x = Math.round(L.x(t)) + 0.5;
    ctx.moveTo(x, bottom);
    ctx.lineTo(x, bottom + 5);
    ctx.fillText(String(t), x, bottom + 15);
  }
  ctx.stroke();
}

function paintBar(ctx: GanttContext, b: GanttBar, x: number, y: number, w: number, h: number, m: GanttModel): void {
  const color = m.color(b.pid ?? 0);
  if (b.kind === 'run') {
    ctx.fillStyle = color;
    ctx.fillRect(x, y, w, h);
    return;
  }
  if (b.kind === 'switch') {
    ctx.fillStyle = m.palette.switchBg;
    ctx.fillRect(x, y, w, h);
    if (w < 3) return;
    // The hatching, clipped to the bar.
    ctx.save();
    ctx.beginPath();
    ctx.rect(x, y, w, h);
    ctx.clip();
    ctx.strokeStyle = m.palette.muted;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    for (let i = x - h; i < x + w; i += 5) {
      ctx.moveTo(i, y + h);
      ctx.lineTo(i + h, y);
    }
    ctx.stroke();
    ctx.restore();
    return;
  }
  // I/O is tinted with a solid edge; a wait is fainter with a dashed edge.
  const alpha = ctx.globalAlpha;
  ctx.globalAlpha = alpha * (b.kind === 'io' ? 0.3 : 0.16);
  ctx.fillStyle = color;
  ctx.fillRect(x, y, w, h);
  ctx.globalAlpha = alpha;
  ctx.strokeStyle = color;
  ctx.lineWidth = b.kind === 'io' ? 1.5 : 1;
  if (b.kind === 'wait') ctx.setLineDash([3, 2]);
  ctx.strokeRect(x + 0.5, y + 0.5, Math.max(0, w - 1), h - 1);
  if (b.kind === 'wait') ctx.setLineDash([]);
}

/** The bar under a point (CSS pixels in the canvas), if any; the topmost drawn wins. */
export function barAt(m: Pick<GanttModel, 'rows' | 'from' | 'to' | 'width'>, px: number, py: number): GanttBar | null {
  const L = ganttLayout(m);
  const i = Math.floor((py - MARGIN.top) / ROW);
  const row = m.rows[i];
  if (!row || py < L.rowTop(i) || py > L.rowTop(i) + L.band) return null;
  // A bar at least a pixel wide, so a one-tick bar in a wide window can still be pointed at.
  const slack = (m.to - m.from) / L.innerW;
  const t = L.invert(px);
  for (let k = row.bars.length - 1; k >= 0; k--) {
    const b = row.bars[k];
    if (b.kind !== 'idle' && t >= b.start - slack / 2 && t <= Math.max(b.end, b.start + slack)) return b;
  }
  return null;
}

/** Counts for tests and screen readers: bars of each kind, the I/O bars that are swap-ins (a page fault reading from swap), and the pids that ran. */
export function ganttSummary(rows: readonly GanttRow[]): { run: number; io: number; switch: number; wait: number; swapIn: number; pids: number[] } {
  const out = { run: 0, io: 0, switch: 0, wait: 0, swapIn: 0, pids: [] as number[] };
  const pids = new Set<number>();
  for (const r of rows)
    for (const b of r.bars) {
      if (b.kind === 'idle') continue;
      out[b.kind]++;
      if (b.kind === 'io' && b.why.startsWith('page fault: swap-in')) out.swapIn++;
      if (b.kind === 'run' && b.pid !== null) pids.add(b.pid);
    }
  out.pids = [...pids].sort((a, b) => a - b);
  return out;
}
