import { describePte, PTE_COW, PTE_P, PTE_R, PTE_S, PTE_V, PTE_W, PTE_X, pteFlags, pteFrame, protString } from './pte.ts';
import { builtSpaces, isPaged, levelBits, mappedPages, offsetBits, pagesOf, spaceView, walkSpace } from './space.ts';
import type { VmStatInfo } from '../abi/vm.ts';
import type { AddressSpace, RegionKind, VmEvent, VmSample, VmState } from './types.ts';

/**
 * What the Virtual memory view draws, as plain data computed from the state: the address
 * space page by page, the page table (rows, or a tree with its absent parts), the TLB, the
 * frames with their owners and bits, the swap area, the last access taken apart bit by
 * bit, and the series for the chart.
 */
export type PageState = 'invalid' | 'untouched' | 'resident' | 'swapped';

export interface PageRow {
  vpn: number;
  region: RegionKind | null;
  state: PageState;
  prot: string;
  cow: boolean;
  frame: number | null;
  slot: number | null;
  pte: number;
  /** A code page of a process running a program with a shared image: the program, else null. */
  image: string | null;
  /** Processes mapping the page's frame when it is shared code (1 when only this one), else 0. */
  sharers: number;
}

function regionOf(sp: AddressSpace, vpn: number): RegionKind | null {
  for (const r of Object.values(sp.regions)) if (vpn >= r.start && vpn < r.end) return r.kind;
  return null;
}

/**
 * Every virtual page of `pid`'s address space, in order. A lazy space (one the process
 * has not used yet, so nothing is built) shows as the fresh space it stands for: its
 * regions valid and untouched.
 */
export function pageRows(vm: VmState, pid: number): PageRow[] {
  const sp = spaceView(vm, pid);
  if (!sp) return [];
  const rows: PageRow[] = [];
  const n = pagesOf(vm.config);
  const present = new Map<number, number>();
  if (isPaged(vm.config)) for (const [vpn, pte] of mappedPages(vm, sp)) present.set(vpn, pte);
  for (let vpn = 0; vpn < n; vpn++) {
    const region = regionOf(sp, vpn);
    if (!isPaged(vm.config)) {
      const r = region ? sp.regions[region] : null;
      const pl = region && sp.placement ? sp.placement[region] : null;
      const frame = pl && r ? (vm.config.scheme === 'base-bounds' ? pl.frame + vpn : region === 'stack' ? pl.frame + (vpn - r.start) : pl.frame + vpn - r.start) : null;
      rows.push({ vpn, region, state: region ? 'resident' : 'invalid', prot: r ? protString(r.prot) : '---', cow: false, frame, slot: null, pte: 0, image: null, sharers: 0 });
      continue;
    }
    const pte = present.get(vpn) ?? 0;
    const d = describePte(pte);
    const image = region === 'code' ? sp.image : null;
    rows.push({
      vpn,
      region,
      state: !d.valid ? 'invalid' : d.present ? 'resident' : d.swapped ? 'swapped' : 'untouched',
      prot: d.prot,
      cow: d.cow,
      frame: d.frame,
      slot: d.slot,
      pte,
      image,
      sharers: image !== null && d.present && d.frame !== null ? vm.frames.owners[d.frame].length : 0,
    });
  }
  return rows;
}

/** One table of a multi-level page table, with the entries that point further down. */
export interface TableNode {
  id: number;
  level: number;
  /** Index in the parent table, null for the root. */
  index: number | null;
  entries: number;
  /** Valid entries: index -> child table id (inner levels) or frame/slot state (last level). */
  valid: Array<{ index: number; pte: number; child: number | null }>;
  /** Inner levels: how many entries have no table below them (those tables are absent). */
  absent: number;
  children: TableNode[];
}

/** The page-table tree of `pid`; a linear table is a root with no children. */
export function tableTree(vm: VmState, pid: number): TableNode | null {
  const sp = spaceView(vm, pid);
  if (!sp || !isPaged(vm.config)) return null;
  const bits = levelBits(vm.config);
  const build = (id: number, level: number, index: number | null): TableNode => {
    const entries = sp.tables[id] ?? [];
    const last = level === bits.length - 1;
    const valid: TableNode['valid'] = [];
    const children: TableNode[] = [];
    entries.forEach((pte, i) => {
      if (!(pte & PTE_V)) return;
      const child = last ? null : pteFrame(pte);
      valid.push({ index: i, pte, child });
      if (child !== null) children.push(build(child, level + 1, i));
    });
    return { id, level, index, entries: entries.length, valid, absent: last ? 0 : entries.length - valid.length, children };
  };
  return build(0, 0, null);
}

export interface TlbRow {
  slot: number;
  set: number;
  way: number;
  valid: boolean;
  asid: number;
  pid: number | null;
  vpn: number;
  frame: number;
  prot: string;
}

export function tlbRows(vm: VmState): TlbRow[] {
  const t = vm.tlb;
  const pidOf: Record<number, number> = {};
  for (const sp of builtSpaces(vm)) pidOf[sp.asid] = sp.pid;
  return t.vpn.map((vpn, slot) => ({
    slot,
    set: Math.floor(slot / t.config.ways),
    way: slot % t.config.ways,
    valid: vpn >= 0,
    asid: t.asid[slot],
    pid: vpn >= 0 ? (pidOf[t.asid[slot]] ?? null) : null,
    vpn,
    frame: pteFrame(t.pte[slot]),
    prot: protString(pteFlags(t.pte[slot])),
  }));
}

export interface FrameRow {
  frame: number;
  owners: number[];
  vpn: number;
  use: number;
  dirty: boolean;
  /** Holds a clean copy in swap. */
  swapSlot: number | null;
  /** The id of the owner's page table this frame holds, or null for a frame of pages. */
  table: number | null;
  /** The program whose shared code page this frame holds (its owners are the processes mapping it), or null. */
  image: string | null;
}

export function frameRows(vm: VmState): FrameRow[] {
  const f = vm.frames;
  return f.owners.map((owners, frame) => ({
    frame,
    owners,
    vpn: f.vpn[frame],
    use: vm.replacer.use[frame] ?? 0,
    dirty: f.dirty[frame] === 1,
    swapSlot: f.slot[frame] >= 0 ? f.slot[frame] : null,
    table: f.table[frame] >= 0 ? f.table[frame] : null,
    image: f.image[frame],
  }));
}

export interface SwapRow {
  slot: number;
  refs: number;
  owner: number;
  vpn: number;
}

export function swapRows(vm: VmState): SwapRow[] {
  return vm.swap.refs.map((refs, slot) => ({ slot, refs, owner: vm.swap.owner[slot], vpn: vm.swap.vpn[slot] }));
}

/** The clock hand's frame when the policy has one (CLOCK, WS), else null. */
export function clockHand(vm: VmState): number | null {
  return vm.config.policy === 'CLOCK' || vm.config.policy === 'WS' ? vm.replacer.hand : null;
}

/** Page references the kernel keeps (VmState.refs) for Compare policies: enough for a lab run, small in a snapshot. */
export const REF_CAP = 1000;

/** One process's part of the session's recent page references, in the order it made them. */
export interface SessionReferences {
  pid: number;
  pages: number[];
}

/** The session's recent page references (VmState.refs) by process, the busiest first. */
export function sessionReferences(vm: VmState): SessionReferences[] {
  const byPid = new Map<number, number[]>();
  for (const seq in vm.refs) {
    // Integer keys enumerate in ascending order: the order the references were made.
    const r = vm.refs[seq];
    const pages = byPid.get(r[0]) ?? [];
    pages.push(r[1]);
    byPid.set(r[0], pages);
  }
  return [...byPid].map(([pid, pages]) => ({ pid, pages })).sort((a, b) => b.pages.length - a.pages.length || a.pid - b.pid);
}

/** Recent pager events, oldest first. */
export function recentEvents(vm: VmState, n = 12): VmEvent[] {
  const out: VmEvent[] = [];
  for (let seq = Math.max(0, vm.eventSeq - n); seq < vm.eventSeq; seq++) if (vm.events[seq]) out.push(vm.events[seq]);
  return out;
}

export interface BitField {
  name: string;
  /** The bits, most significant first. */
  bits: string;
  value: number;
}

export interface AccessBreakdown {
  pid: number;
  va: number;
  write: boolean;
  /** The virtual address as fields: VPN (per level when multi-level) and offset, or segment and offset. */
  fields: BitField[];
  tlbHit: boolean;
  outcome: string;
  /** Page-table levels read on the walk (empty on a TLB hit or without paging). */
  walk: Array<{ level: number; table: number; index: number; entry: number; valid: boolean; flags: string }>;
  pa: number | null;
  paFields: BitField[];
  tick: number;
}

const bitsOf = (value: number, width: number): string => value.toString(2).padStart(width, '0');

/** The PTE's flag bits as letters: V P R W X C(ow) S(wapped), a dash for each one clear. */
export function flagLetters(pte: number): string {
  const f = pteFlags(pte);
  return [
    [PTE_V, 'V'],
    [PTE_P, 'P'],
    [PTE_R, 'R'],
    [PTE_W, 'W'],
    [PTE_X, 'X'],
    [PTE_COW, 'C'],
    [PTE_S, 'S'],
  ]
    .map(([bit, ch]) => (f & (bit as number) ? ch : '-'))
    .join('');
}

/** The last access, taken apart: the address's fields, the TLB's answer, the walk and the physical address. */
export function accessBreakdown(vm: VmState): AccessBreakdown | null {
  const l = vm.last;
  if (!l) return null;
  return breakdown(vm, l.pid, l.va, l.write, l.tlbHit, l.outcome, l.pa >= 0 ? l.pa : null, l.tick);
}

/**
 * What an access to `va` by `pid` would do now, without doing it: no TLB entry moves, no
 * counter changes, no page faults in. The view shows it for the page under the cursor.
 */
export function probeAccess(vm: VmState, pid: number, va: number): AccessBreakdown | null {
  const sp = spaceView(vm, pid);
  if (!sp || va < 0 || va >= vm.config.addressSpaceSize) return null;
  const c = vm.config;
  const vpn = Math.floor(va / c.pageSize);
  if (!isPaged(c)) {
    const row = pageRows(vm, pid)[vpn];
    const pa = row && row.frame !== null ? row.frame * c.pageSize + (va % c.pageSize) : null;
    return breakdown(vm, pid, va, false, false, pa === null ? 'would-segv' : 'hit', pa, vm.tick);
  }
  const t = vm.tlb;
  let inTlb = false;
  if (t.sets > 0) {
    const first = (vpn % t.sets) * t.config.ways;
    for (let i = first; i < first + t.config.ways; i++) if (t.vpn[i] === vpn && t.asid[i] === sp.asid) inTlb = true;
  }
  const pte = walkSpace(vm, sp, vpn).leaf ?? 0;
  const f = pteFlags(pte);
  const image = sp.image !== null && vpn >= sp.regions.code.start && vpn < sp.regions.code.end ? vm.images[sp.image] : undefined;
  const code = image ? (image.frames[vpn - sp.regions.code.start] >= 0 ? 'would-share' : 'would-load') : 'would-minor';
  const outcome = !(f & PTE_V) ? 'would-segv' : f & PTE_P ? 'hit' : f & PTE_S ? 'would-major' : code;
  const pa = f & PTE_P ? pteFrame(pte) * c.pageSize + (va % c.pageSize) : null;
  return breakdown(vm, pid, va, false, inTlb, outcome, pa, vm.tick);
}

function breakdown(vm: VmState, pid: number, va: number, write: boolean, tlbHit: boolean, outcome: string, pa: number | null, tick: number): AccessBreakdown {
  const c = vm.config;
  const vaBits = Math.log2(c.addressSpaceSize);
  const off = offsetBits(c);
  const vpn = Math.floor(va / c.pageSize);
  const offset = va % c.pageSize;
  const fields: BitField[] = [];
  if (c.scheme === 'segmentation') {
    const quarter = c.addressSpaceSize / 4;
    const seg = Math.floor(va / quarter);
    fields.push({ name: 'segment', bits: bitsOf(seg, 2), value: seg }, { name: 'offset', bits: bitsOf(va % quarter, vaBits - 2), value: va % quarter });
  } else if (c.scheme === 'base-bounds') {
    fields.push({ name: 'address', bits: bitsOf(va, vaBits), value: va });
  } else {
    const bits = levelBits(c);
    let shift = bits.reduce((a, b) => a + b, 0);
    bits.forEach((b, i) => {
      shift -= b;
      const v = Math.floor(vpn / 2 ** shift) % 2 ** b;
      fields.push({ name: bits.length === 1 ? 'VPN' : i === 0 ? 'PD index' : `PT${bits.length > 2 ? i : ''} index`, bits: bitsOf(v, b), value: v });
    });
    fields.push({ name: 'offset', bits: bitsOf(offset, off), value: offset });
  }
  const sp = spaceView(vm, pid);
  const walk =
    sp && isPaged(c) && !tlbHit
      ? walkSpace(vm, sp, vpn).steps.map((st) => ({ level: st.level, table: st.table, index: st.index, entry: st.entry, valid: st.valid, flags: flagLetters(st.entry) }))
      : [];
  const paBits = Math.max(1, Math.ceil(Math.log2(c.physMemSize)));
  const paFields: BitField[] =
    pa === null
      ? []
      : [
          { name: 'PFN', bits: bitsOf(Math.floor(pa / c.pageSize), Math.max(1, paBits - off)), value: Math.floor(pa / c.pageSize) },
          { name: 'offset', bits: bitsOf(pa % c.pageSize, off), value: pa % c.pageSize },
        ];
  return { pid, va, write, fields, tlbHit, outcome, walk, pa, paFields, tick };
}

/**
 * The chart's series over the kept samples: faults per tick and the TLB hit rate (of one
 * process when `pid` is given, else of the whole machine), and each process's resident set.
 */
export function vmSeries(vm: VmState, pid: number | null = null): { ticks: number[]; faultRate: number[]; tlbHitRate: number[]; rss: Record<number, number[]> } {
  const samples = chartSamples(vm);
  const ticks = samples.map((s) => s.tick);
  const faultRate: number[] = [];
  const tlbHitRate: number[] = [];
  const pids = new Set<number>();
  for (const s of samples) for (const p of Object.keys(s.rss)) pids.add(Number(p));
  const rss: Record<number, number[]> = {};
  for (const p of pids) rss[p] = samples.map((s) => s.rss[p] ?? 0);
  const counts = (s: VmSample): [number, number, number] => (pid === null ? [s.faults, s.tlbHits, s.tlbMisses] : (s.byPid?.[pid] ?? [0, 0, 0]));
  samples.forEach((s, i) => {
    const [f, h, m] = counts(s);
    const [pf, ph, pm] = i > 0 ? counts(samples[i - 1]) : [f, 0, 0];
    const dt = i > 0 ? Math.max(1, s.tick - samples[i - 1].tick) : 1;
    faultRate.push(i > 0 ? Math.max(0, f - pf) / dt : 0);
    const dh = Math.max(0, h - ph);
    const dm = Math.max(0, m - pm);
    tlbHitRate.push(dh + dm > 0 ? dh / (dh + dm) : (tlbHitRate[i - 1] ?? 0));
  });
  return { ticks, faultRate, tlbHitRate, rss };
}

/** The samples the chart draws, oldest first. */
function chartSamples(vm: VmState): VmSample[] {
  const samples: VmSample[] = [];
  for (let seq = Math.max(0, vm.sampleSeq - 240); seq < vm.sampleSeq; seq++) if (vm.samples[seq]) samples.push(vm.samples[seq]);
  return samples;
}

/**
 * Whose fault rate and TLB hit rate the chart can truthfully show: `pid` if it made any
 * access in the chart's span, else null (the whole machine). After the processes that
 * used memory have exited, the view's chosen process is one idle all along (init); a line
 * of zeros under its name would misread the span's faults.
 */
export function chartPid(vm: VmState, pid: number | null): number | null {
  if (pid === null) return null;
  const samples = chartSamples(vm);
  // The counters are cumulative: the process accessed memory in the span if they moved.
  const accesses = (s: VmSample | undefined) => {
    const c = s?.byPid?.[pid];
    return c ? c[1] + c[2] : 0;
  };
  return accesses(samples.at(-1)) > accesses(samples.length > 1 ? samples[0] : undefined) ? pid : null;
}

/**
 * The pager's counters since boot, as vmstat prints them, the Virtual memory view shows
 * them and `glassbox run` reports them: one reading of the state for all three.
 */
export function vmCounters(vm: VmState): VmStatInfo {
  return {
    ...vm.stats,
    scheme: vm.config.scheme,
    policy: isPaged(vm.config) ? vm.config.policy : 'none',
    pageSize: vm.config.pageSize,
    frames: vm.frames.owners.length,
    freeFrames: vm.frames.freeCount,
    tableFrames: vm.frames.table.reduce((n, t) => (t >= 0 ? n + 1 : n), 0),
    ...sharedCode(vm),
    swapSlots: vm.swap.refs.length,
    swapUsed: vm.swap.used,
    swapReads: vm.swap.reads,
    swapWrites: vm.swap.writes,
    tlbEntries: vm.config.tlb.entries,
    tlbHits: vm.tlb.hits,
    tlbMisses: vm.tlb.misses,
    tlbFlushes: vm.tlb.flushes,
  };
}

/** Frames of shared code, their mappings, and the programs they belong to. */
function sharedCode(vm: VmState): { codeFrames: number; codeMappings: number; codePrograms: number } {
  let codeFrames = 0;
  let codeMappings = 0;
  vm.frames.image.forEach((name, f) => {
    if (name === null) return;
    codeFrames++;
    codeMappings += vm.frames.owners[f].length;
  });
  const codePrograms = Object.values(vm.images).filter((img) => img.frames.some((f) => f >= 0)).length;
  return { codeFrames, codeMappings, codePrograms };
}
