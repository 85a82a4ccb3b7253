import { logItems } from '../../../sim/base/ringlog.ts';
import './vm.css';
import { useMemo, useState } from 'react';
import { isLazySpace, spaceView, tableFramesOf } from '../../../sim/vm/space.ts';
import type { AddressSpace, VmState } from '../../../sim/vm/types.ts';
import { tlbHitRate, type VmStatInfo } from '../../../sim/abi/vm.ts';
import {
  type AccessBreakdown,
  accessBreakdown,
  clockHand,
  type FrameRow,
  flagLetters,
  frameRows,
  type PageRow,
  pageRows,
  probeAccess,
  recentEvents,
  swapRows,
  type TableNode,
  tableTree,
  tlbRows,
  vmCounters,
  vmSeries,
  chartPid,
} from '../../../sim/vm/selectors.ts';
import { useSelection } from '../../model/selection.ts';
import { type Store, useMirror } from '../../model/store.ts';
import { pidColor } from '../../theme/theme.ts';
import { LineChart } from './LineChart.tsx';
import { PanelBox } from '../PanelBox.tsx';
import { Term } from '../Term.tsx';
import { POLICY_ABOUT, TERMS, waysAbout } from './vm-terms.ts';

/**
 * The Virtual memory view: one process's address space and page table, the TLB, the
 * physical frames and the swap area, the last access taken apart bit by bit, and the
 * fault rate, TLB hit rate and resident sets over time. Everything comes from the
 * selectors in sim/vm/selectors.ts over the mirrored kernel state.
 */
export function VirtualMemoryView({ store }: { store: Store }) {
  const vm = useMirror(store, (m) => m.state?.vm);
  const procs = useMirror(store, (m) => m.state?.procs);
  const exited = useMirror(store, (m) => m.state?.exited);
  const now = useMirror(store, (m) => m.state?.tick ?? 0);
  const [selected, select] = useSelection();
  const [hover, setHover] = useState<number | null>(null);
  if (!vm) return <p className="muted">No machine yet.</p>;
  const pid = chosenPid(vm, selected);
  // The same reading of the counters vmstat prints and `glassbox run` reports.
  const counters = vmCounters(vm);
  const name = (p: number) => procs?.[p]?.name ?? (exited && logItems(exited).findLast((e) => e.pid === p)?.name) ?? `pid ${p}`;
  return (
    <div className="vm-view" data-testid="vm-view">
      <div className="vm-summary" data-term-group="">
        <span>
          <b>{counters.scheme}</b>, {counters.pageSize}-byte pages, {counters.frames} frames, {counters.swapSlots} swap slots
        </span>
        <span data-testid="vm-policy">
          replacement{' '}
          <Term about={`${vm.config.policy}: ${POLICY_ABOUT[vm.config.policy]}. ${OPT_LIVE_NOTE}`}>
            <b>{vm.config.policy}</b>
          </Term>
          {vm.config.policy === 'CLOCK' ? ` (${vm.config.useBits} use bit${vm.config.useBits > 1 ? 's' : ''})` : ''}
        </span>
        <span>
          TLB {vm.config.tlb.entries} entries,{' '}
          <Term about={waysAbout(vm.config.tlb.ways, vm.config.tlb.entries)} testId="vm-tlb-ways">
            {vm.config.tlb.ways}-way
          </Term>
          ,{' '}
          <Term about={vm.config.tlb.asids ? TERMS.asids : TERMS.flushed} testId="vm-tlb-asids">
            {vm.config.tlb.asids ? 'ASIDs' : 'flushed on switch'}
          </Term>
        </span>
        <span data-testid="vm-counters">
          faults <Term about={TERMS.minor}>{counters.minorFaults} minor</Term>, <Term about={TERMS.major}>{counters.majorFaults} major</Term> ·{' '}
          {counters.evictions} evictions · <Term about={TERMS.cow}>{counters.cowBreaks} COW</Term> ·{' '}
          <Term about={TERMS.segv}>{counters.segvs} SIGSEGV</Term>
        </span>
        <label>
          process{' '}
          <select value={pid ?? ''} onChange={(e) => select(e.target.value === '' ? null : Number(e.target.value))} data-testid="vm-pid">
            {spacePids(vm).map((p) => (
              <option key={p} value={p}>
                {p} {name(p)} ({isLazySpace(vm, p) ? 'no memory used yet' : resident(vm.spaces[p]?.stats.rss ?? 0)})
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="vm-grid">
        <SpacePanel vm={vm} pid={pid} onHover={setHover} />
        <PageTablePanel vm={vm} pid={pid} />
        <div className="vm-col vm-access-col">
          <AccessPanel vm={vm} probe={hover !== null && pid !== null ? { pid, vpn: hover } : null} />
          <TlbPanel vm={vm} counters={counters} />
        </div>
        <div className="vm-col vm-frames-col">
          <FramesPanel vm={vm} counters={counters} now={now} />
          <SwapPanel vm={vm} counters={counters} />
          <EventsPanel vm={vm} />
        </div>
      </div>
      <ChartPanel vm={vm} name={name} pid={pid} />
    </div>
  );
}

/** The pids with an address space, lazy ones (nothing built yet) among them. */
const spacePids = (vm: VmState): number[] => Object.keys(vm.spaces).map(Number);

/** The selected process if it has an address space, else the one that made the last access, else the largest. */
function chosenPid(vm: VmState, selected: number | null): number | null {
  if (selected !== null && vm.spaces[selected] !== undefined) return selected;
  if (vm.last && vm.spaces[vm.last.pid]) return vm.last.pid;
  const rss = (p: number) => vm.spaces[p]?.stats.rss ?? 0;
  let best: number | null = null;
  for (const p of spacePids(vm)) if (best === null || rss(p) > rss(best)) best = p;
  return best;
}

/** Why a running machine cannot page by OPT, as the view says it. */
export const OPT_LIVE_NOTE =
  'OPT (and UNOPT) need every future reference. A running machine does not have them: what it touches next depends on input not yet typed. They run in Compare, on a reference string given whole.';

const STATE_LABEL: Record<PageRow['state'], string> = { invalid: 'not mapped', untouched: 'valid, never touched (demand-zero)', resident: 'in a frame', swapped: 'in swap' };

/** A page's state in words; a program's code says where it comes from and who shares it. */
function pageState(r: PageRow): string {
  if (r.image === null) return STATE_LABEL[r.state];
  if (r.state === 'untouched') return `valid, not in memory (${r.image}'s code: read from the program at first touch)`;
  if (r.state === 'resident') return `in a frame: ${r.image}'s code, shared by ${r.sharers} process${r.sharers === 1 ? '' : 'es'} running it`;
  return STATE_LABEL[r.state];
}

function SpacePanel({ vm, pid, onHover }: { vm: VmState; pid: number | null; onHover: (vpn: number | null) => void }) {
  const rows = useMemo(() => (pid === null ? [] : pageRows(vm, pid)), [vm, pid]);
  const lastVpn = vm.last && vm.last.pid === pid ? Math.floor(vm.last.va / vm.config.pageSize) : null;
  return (
    <PanelBox title="Address space" note={pid === null ? 'no process' : `pid ${pid}, top = page 0`} className="vm-space">
      <div className="vm-pages" data-testid="vm-space">
        {rows.map((r) => (
          <button
            type="button"
            key={r.vpn}
            onMouseEnter={() => onHover(r.vpn)}
            onFocus={() => onHover(r.vpn)}
            onMouseLeave={() => onHover(null)}
            onBlur={() => onHover(null)}
            className={`vm-page ${r.state}${r.vpn === lastVpn ? ' current' : ''}`}
            style={r.state === 'resident' && pid !== null ? { borderLeftColor: pidColor(pid) } : undefined}
            title={`page ${r.vpn} (0x${(r.vpn * vm.config.pageSize).toString(16)}): ${r.region ?? 'no region'}, ${pageState(r)}${r.cow ? ', copy-on-write' : ''}`}
          >
            <span className="vpn">{r.vpn}</span>
            <span className="region">{r.region ?? ''}</span>
            <span className="prot">{r.state === 'invalid' ? '' : r.prot}</span>
            <span className="where">{r.state === 'resident' ? `f${r.frame}` : r.state === 'swapped' ? `s${r.slot}` : r.state === 'untouched' ? (r.image !== null ? 'image' : 'zero') : ''}</span>
          </button>
        ))}
      </div>
    </PanelBox>
  );
}

function PageTablePanel({ vm, pid }: { vm: VmState; pid: number | null }) {
  const tree = useMemo(() => (pid === null ? null : tableTree(vm, pid)), [vm, pid]);
  const sp = pid === null ? null : spaceView(vm, pid);
  if (!sp || pid === null) return <PanelBox title="Page table">—</PanelBox>;
  if (!tree) {
    const pl = sp.placement;
    return (
      <PanelBox title={vm.config.scheme === 'base-bounds' ? 'Base and bounds' : 'Segment registers'} className="vm-table">
        <table className="vm-regs">
          <thead>
            <tr>
              <th>segment</th>
              <th>base</th>
              <th>limit</th>
              <th>grows</th>
              <th>prot</th>
            </tr>
          </thead>
          <tbody>
            {pl &&
              (vm.config.scheme === 'base-bounds' ? (['code'] as const) : (['code', 'heap', 'stack'] as const)).map((k) => (
                <tr key={k}>
                  <td>{vm.config.scheme === 'base-bounds' ? 'whole image' : k}</td>
                  <td>{(pl[k].frame + (k === 'stack' ? pl[k].frames : 0)) * vm.config.pageSize}</td>
                  <td>{vm.config.scheme === 'base-bounds' ? sp.regions.stack.end * vm.config.pageSize : (sp.regions[k].end - sp.regions[k].start) * vm.config.pageSize}</td>
                  <td>{k === 'stack' && vm.config.scheme === 'segmentation' ? 'down' : 'up'}</td>
                  <td>{vm.config.scheme === 'base-bounds' ? 'rwx' : ['r-x', 'rw-', 'rw-'][['code', 'heap', 'stack'].indexOf(k)]}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </PanelBox>
    );
  }
  const linear = vm.config.scheme === 'linear';
  const tables = Object.keys(sp.tables).length;
  return (
    <PanelBox
      title={linear ? 'Page table (linear)' : `Page table (${vm.config.levels} levels)`}
      note={
        linear
          ? `${tree.entries} entries, ${tableFrameText(vm, sp)}`
          : `${tableFrameText(vm, sp)}, ${tables} table${tables === 1 ? '' : 's'} present`
      }
      className="vm-table"
    >
      {linear ? <LinearTable vm={vm} node={tree} pid={sp.pid} /> : <TreeNode vm={vm} node={tree} pid={sp.pid} />}
    </PanelBox>
  );
}

/** How much physical memory the process's page tables take. */
function tableFrameText(vm: VmState, sp: AddressSpace): string {
  if (isLazySpace(vm, sp.pid)) return 'not built yet'; // the process has not used memory (space.ts: reserveSpace)
  const n = tableFramesOf(sp);
  return n === 0 ? 'not in memory yet' : `${n} frame${n === 1 ? '' : 's'} of memory`;
}

function entryText(pte: number): string {
  const slotOrFrame = Math.floor(pte / 256);
  return pte & 2 ? `PFN ${slotOrFrame}` : pte & 128 ? `slot ${slotOrFrame}` : '';
}

function LinearTable({ vm, node, pid }: { vm: VmState; node: TableNode; pid: number }) {
  const byIndex = new Map(node.valid.map((v) => [v.index, v.pte]));
  const rows = Array.from({ length: node.entries }, (_, i) => i);
  const lastVpn = vm.last && vm.last.pid === pid ? Math.floor(vm.last.va / vm.config.pageSize) : null;
  return (
    <table className="vm-pte" data-testid="vm-page-table">
      <thead>
        <tr>
          <th>VPN</th>
          <th>
            <Term about="V valid, P present, R W X protection, C copy-on-write, S swapped">VPRWXCS</Term>
          </th>
          <th>frame / slot</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((i) => {
          const pte = byIndex.get(i) ?? 0;
          return (
            <tr key={i} className={`${pte ? '' : 'invalid'}${i === lastVpn ? ' current' : ''}`}>
              <td>{i}</td>
              <td className="bits">{flagLetters(pte)}</td>
              <td>{entryText(pte)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Where a table lives in physical memory: its frames, or not yet (nothing under it has been touched). */
function TableFrames({ vm, pid, id }: { vm: VmState; pid: number; id: number }) {
  const frames = vm.spaces[pid]?.tableFrames?.[id];
  if (!frames) return <span className="muted">not in memory yet</span>;
  return (
    <span title="Page tables live in physical memory: these frames hold this table">
      in frame{frames.length === 1 ? '' : 's'} {frames.length > 3 ? `${frames[0]}–${frames[frames.length - 1]}` : frames.join(', ')}
    </span>
  );
}

function TreeNode({ vm, node, pid }: { vm: VmState; node: TableNode; pid: number }) {
  const last = node.children.length === 0 && node.absent === 0;
  return (
    <div className="vm-tree-node" data-testid={`vm-table-${node.id}`}>
      <div className="vm-tree-head">
        {node.level === 0 ? 'page directory' : `page table ${node.id} (PDE ${node.index})`} · {node.valid.length}/{node.entries} valid · <TableFrames vm={vm} pid={pid} id={node.id} />
      </div>
      <div className="vm-tree-entries">
        {node.valid.map((v) => (
          <span key={v.index} className="vm-tree-entry" title={flagLetters(v.pte)}>
            [{v.index}] {v.child !== null ? `→ table ${v.child}` : `${flagLetters(v.pte)} ${entryText(v.pte)}`}
          </span>
        ))}
      </div>
      {node.absent > 0 && (
        <div className="vm-absent" title="These entries are invalid, so the tables below them do not exist: the memory a linear table would spend on them is saved">
          {node.absent} entr{node.absent === 1 ? 'y' : 'ies'} invalid: {node.absent} page table{node.absent === 1 ? '' : 's'} absent
        </div>
      )}
      {!last && node.children.map((c) => <TreeNode key={c.id} vm={vm} node={c} pid={pid} />)}
    </div>
  );
}

function Bits({ fields }: { fields: AccessBreakdown['fields'] }) {
  return (
    <span className="vm-bits">
      {fields.map((f) => (
        <span key={f.name} className={`vm-field ${f.name === 'offset' ? 'offset' : 'index'}`}>
          <span className="b">{f.bits}</span>
          <span className="n">
            {f.name} {f.value}
          </span>
        </span>
      ))}
    </span>
  );
}

function AccessPanel({ vm, probe }: { vm: VmState; probe: { pid: number; vpn: number } | null }) {
  const a = useMemo(() => (probe ? probeAccess(vm, probe.pid, probe.vpn * vm.config.pageSize) : accessBreakdown(vm)), [vm, probe]);
  if (!a) return <PanelBox title="Last access">No access yet: run memtouch in the terminal, or point at a page of the address space.</PanelBox>;
  const fatal = a.outcome === 'segv' || a.outcome === 'prot' || a.outcome === 'oom' || a.outcome === 'would-segv';
  return (
    <PanelBox title={probe ? 'The page under the cursor' : 'Last access'} note={probe ? 'what a load would do now' : `tick ${a.tick}, pid ${a.pid}`} className="vm-access">
      <div data-testid="vm-access">
        <div>
          {probe ? 'a load from' : a.write ? 'store to' : 'load from'} <code>0x{a.va.toString(16)}</code> ({a.va})
        </div>
        <div className="vm-row">
          VA <Bits fields={a.fields} />
        </div>
        {vm.config.scheme === 'linear' || vm.config.scheme === 'multilevel' ? (
          <div className={`vm-tlb-result ${a.tlbHit ? 'hit' : 'miss'}`}>{probe ? (a.tlbHit ? 'in the TLB' : 'not in the TLB: walk') : `TLB ${a.tlbHit ? 'hit' : 'miss'}`}</div>
        ) : null}
        {a.walk.map((w) => (
          <div key={w.level} className="vm-walk">
            <span>
              level {w.level}: table {w.table}[{w.index}] =
            </span>{' '}
            <span>
              <span className="bits">{w.flags}</span> {w.valid ? entryText(w.entry) || `→ table ${Math.floor(w.entry / 256)}` : 'invalid'}
            </span>
          </div>
        ))}
        <div className={`vm-outcome ${fatal ? 'bad' : a.outcome === 'hit' ? 'ok' : 'fault'}`} data-testid="vm-outcome">
          {probe && a.outcome === 'hit' ? 'in a frame: translates without a fault' : (OUTCOME[a.outcome] ?? a.outcome)}
        </div>
        {a.pa !== null && (
          <div className="vm-row">
            PA <Bits fields={a.paFields} /> = {a.pa}
          </div>
        )}
      </div>
    </PanelBox>
  );
}

const OUTCOME: Record<string, string> = {
  hit: 'translated, no fault',
  minor: 'page fault: demand-zero, a free frame zero-filled',
  load: "page fault on code: a frame filled from the program's image",
  share: 'page fault on code: mapped the frame another process running the program has',
  major: 'page fault: read back from swap (the process blocked for the disk)',
  cow: 'copy-on-write fault: the shared page was copied',
  segv: 'segmentation fault: no such page (SIGSEGV)',
  prot: 'protection fault (SIGSEGV)',
  oom: 'no frame and no swap slot: killed',
  'would-segv': 'not mapped: a segmentation fault (SIGSEGV)',
  'would-minor': 'valid but never touched: a demand-zero page fault',
  'would-share': 'code another process running the program has in memory: a minor fault that maps its frame',
  'would-load': "code not in memory: a minor fault that fills a frame from the program's image",
  'would-major': 'in swap: a page fault that reads it back',
};

function TlbPanel({ vm, counters }: { vm: VmState; counters: VmStatInfo }) {
  const rows = useMemo(() => tlbRows(vm), [vm]);
  const l = vm.last;
  const lastVpn = l ? Math.floor(l.va / vm.config.pageSize) : -1;
  const lastAsid = l ? vm.spaces[l.pid]?.asid : -1;
  const rate = tlbHitRate(counters);
  if (vm.config.tlb.entries === 0) return <PanelBox title="TLB">off: every access walks the page table</PanelBox>;
  return (
    <PanelBox title="TLB" note={`${counters.tlbHits} hits, ${counters.tlbMisses} misses${rate === null ? '' : ` (hit rate ${rate})`}, ${counters.tlbFlushes} flushes`}>
      <table className="vm-tlb" data-testid="vm-tlb">
        <thead>
          <tr>
            <th>set</th>
            <th>pid</th>
            <th>VPN</th>
            <th>PFN</th>
            <th>prot</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const current = r.valid && l !== null && r.vpn === lastVpn && r.asid === lastAsid;
            return (
              <tr key={`${r.slot}-${current ? l?.tick : ''}`} className={`${r.valid ? '' : 'invalid'}${current ? (l?.tlbHit ? ' flash-hit' : ' flash-miss') : ''}`}>
                <td>
                  {r.set}.{r.way}
                </td>
                <td style={r.pid !== null ? { color: pidColor(r.pid) } : undefined}>{r.valid ? (r.pid ?? '?') : ''}</td>
                <td>{r.valid ? r.vpn : ''}</td>
                <td>{r.valid ? r.frame : ''}</td>
                <td>{r.valid ? r.prot : ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </PanelBox>
  );
}

function FramesPanel({ vm, counters, now }: { vm: VmState; counters: VmStatInfo; now: number }) {
  const rows = useMemo(() => frameRows(vm), [vm]);
  const hand = clockHand(vm);
  const events = recentEvents(vm, 4);
  // Outlined only just after the eviction: the pager's clock stops at its last access, so
  // after the last process exits it would go on naming a victim in a frame long since free.
  const recent = now - vm.tick <= 1;
  const lastEvict = recent ? [...events].reverse().find((e) => e.kind === 'evict' && e.tick === vm.tick) : undefined;
  return (
    <PanelBox title="Physical frames" note={`${counters.freeFrames} free${hand !== null ? `, clock hand at ${hand}` : ''}`}>
      <div className="vm-frames" data-testid="vm-frames">
        {rows.map((f) => (
          <FrameCell key={f.frame} f={f} hand={hand === f.frame} victim={lastEvict?.frame === f.frame} useBits={vm.config.useBits} />
        ))}
      </div>
      <div className="muted vm-legend" data-testid="vm-frames-legend">
        U use bit{vm.config.useBits > 1 ? ' (counter)' : ''}, D dirty; ▲ the clock hand; red outline: the victim just evicted;{' '}
        <span className="vm-swatch table" /> PT: a page of a page table ({counters.tableFrames} here; its process's, never swapped);{' '}
        <span className="vm-swatch code" /> shared code: a page of a program's code, one frame mapped by every process running it, in bands of their colours ({counters.codeFrames} here; dropped
        when evicted, read again from the program)
      </div>
    </PanelBox>
  );
}

function FrameCell({ f, hand, victim, useBits }: { f: FrameRow; hand: boolean; victim: boolean; useBits: number }) {
  const owner = f.owners[0];
  const free = f.owners.length === 0;
  if (f.table !== null) {
    return (
      <div
        className={`vm-frame table${hand ? ' hand' : ''}`}
        data-testid={`vm-frame-${f.frame}`}
        style={{ backgroundColor: pidColor(owner) }}
        title={`frame ${f.frame}: pid ${owner}'s page table ${f.table}${f.table === 0 ? ' (the root)' : ''}; page tables stay in memory until the process exits`}
      >
        <span className="fno">{f.frame}</span>
        <span className="who">{owner}</span>
        <span className="ud">PT {f.table}</span>
        {hand && <span className="vm-hand">▲</span>}
      </div>
    );
  }
  if (f.image !== null) {
    const users = f.owners.length;
    return (
      <div
        className={`vm-frame code${hand ? ' hand' : ''}${victim ? ' victim' : ''}`}
        data-testid={`vm-frame-${f.frame}`}
        data-shared={f.image}
        style={{ background: ownerBands(f.owners) }}
        title={`frame ${f.frame}: ${f.image}'s code page ${f.vpn}, read-only and shared by ${users === 1 ? 'pid' : 'pids'} ${f.owners.join(', ')} (${users} process${users === 1 ? '' : 'es'} running ${f.image}); use ${f.use}; evicted, it is dropped and read again from the program`}
      >
        <span className="fno">{f.frame}</span>
        <span className="who">{f.image}</span>
        <span className="ud">
          {users}× U{useBits > 1 ? f.use : f.use > 0 ? 1 : 0}
        </span>
        {hand && <span className="vm-hand">▲</span>}
      </div>
    );
  }
  return (
    <div
      className={`vm-frame${free ? ' free' : ''}${hand ? ' hand' : ''}${victim ? ' victim' : ''}`}
      data-testid={`vm-frame-${f.frame}`}
      style={free ? undefined : { background: pidColor(owner) }}
      title={free ? `frame ${f.frame}: free` : `frame ${f.frame}: pid ${f.owners.join(', ')} page ${f.vpn}${f.owners.length > 1 ? ' (shared copy-on-write)' : ''}, use ${f.use}, ${f.dirty ? 'dirty' : 'clean'}`}
    >
      <span className="fno">{f.frame}</span>
      {!free && (
        <>
          <span className="who">
            {f.owners.join(',')}:{f.vpn}
          </span>
          <span className="ud">
            U{useBits > 1 ? f.use : f.use > 0 ? 1 : 0} D{f.dirty ? 1 : 0}
          </span>
        </>
      )}
      {hand && <span className="vm-hand">▲</span>}
    </div>
  );
}

/** One band of each owner's colour, side by side: a frame many processes map shows all of them. */
function ownerBands(owners: number[]): string {
  if (owners.length === 1) return pidColor(owners[0]);
  const w = 100 / owners.length;
  return `linear-gradient(90deg, ${owners.map((p, i) => `${pidColor(p)} ${(i * w).toFixed(1)}% ${((i + 1) * w).toFixed(1)}%`).join(', ')})`;
}

function SwapPanel({ vm, counters }: { vm: VmState; counters: VmStatInfo }) {
  const rows = useMemo(() => swapRows(vm), [vm]);
  const h = vm.swap.header;
  const bad = new Set(h?.bad ?? []);
  return (
    <PanelBox title="Swap area" note={`${counters.swapUsed}/${counters.swapSlots} slots used, ${counters.swapReads} in, ${counters.swapWrites} out`}>
      <div className="vm-swap-header" data-testid="vm-swap-header">
        {vm.swap.problem !== null ? (
          <span className="vm-swap-problem">No swap: {vm.swap.problem}</span>
        ) : h ? (
          <span title="The swap partition's first page, as mkswap writes it: the kernel checked it at boot, and its pages follow it">
            partition 2 (type 0x82) · header: SWAPSPACE2, version {h.version}, {h.lastPage} pages, {h.bad.length} bad
          </span>
        ) : (
          <span className="muted">in the pager's own memory (no disk)</span>
        )}
      </div>
      <div className="vm-swap" data-testid="vm-swap">
        {rows.map((s) => (
          <span
            key={s.slot}
            className={`vm-slot${s.refs ? '' : bad.has(s.slot) ? ' bad' : ' free'}`}
            style={s.refs ? { background: pidColor(s.owner) } : undefined}
            title={s.refs ? `slot ${s.slot}: pid ${s.owner} page ${s.vpn}` : bad.has(s.slot) ? `slot ${s.slot}: bad (listed in the header, never used)` : `slot ${s.slot}: free`}
          />
        ))}
      </div>
    </PanelBox>
  );
}

function EventsPanel({ vm }: { vm: VmState }) {
  const events = recentEvents(vm, 8);
  return (
    <PanelBox title="Pager events" note="newest last">
      <ul className="vm-events" data-testid="vm-events">
        {events.map((e) => (
          <li key={e.seq} className={e.kind}>
            <span className="t">{e.tick}</span> {e.text}
          </li>
        ))}
      </ul>
    </PanelBox>
  );
}

function ChartPanel({ vm, name, pid: chosen }: { vm: VmState; name: (pid: number) => string; pid: number | null }) {
  const pid = chartPid(vm, chosen);
  const s = useMemo(() => vmSeries(vm, pid), [vm, pid]);
  if (s.ticks.length < 2) return null;
  const whose = pid === null ? ' (all processes)' : ` (${name(pid)} ${pid})`;
  const series = [
    { key: 'faults', label: `faults per tick${whose}`, color: '#f85149', values: s.faultRate, axis: 'count' as const },
    { key: 'tlb', label: `TLB hit rate${whose}`, color: '#3fb950', values: s.tlbHitRate, axis: 'ratio' as const, dashed: true },
    ...Object.entries(s.rss).map(([pid, values]) => ({ key: `rss${pid}`, label: `RSS ${name(Number(pid))} (${pid})`, color: pidColor(Number(pid)), values, axis: 'count' as const })),
  ];
  return (
    <PanelBox
      title="Over time"
      note={`${pid === null ? "the machine's" : `pid ${pid}'s`} fault rate and TLB hit rate, and every process's resident pages`}
    >
      <LineChart x={s.ticks} series={series} xLabel="tick" height={170} testId="vm-chart" title="Paging over time" />
    </PanelBox>
  );
}

/** A resident set as the process menu gives it: in pages (ps -l gives the same times the page size, memorySize). */
const resident = (pages: number): string => `${pages} resident page${pages === 1 ? '' : 's'}`;
