import type { FreeListView } from '../../../sim/memory/selectors.ts';
import { addr, bytes, plural } from './format.ts';

const SHOWN = 10;

/**
 * Each free list as a chain of nodes in list order, head first, with arrows between and
 * NULL at the end; a long list is cut off with "… and N more". Empty size classes are
 * folded into one line. Hovering a node outlines its block in the map.
 */
export function FreeLists({ lists, base, onHover }: { lists: FreeListView[]; base: number; onHover: (addr: number | null) => void }) {
  const full = lists.filter((l) => l.blocks.length > 0);
  const empty = lists.filter((l) => l.blocks.length === 0);
  return (
    <div className="mem-freelists" data-testid="free-lists">
      {full.length === 0 ? <p className="empty">No free blocks: the heap is full.</p> : null}
      {full.map((l) => {
        const total = l.blocks.reduce((n, b) => n + b.size, 0);
        return (
          <div key={l.label} className="mem-fl" data-testid="free-list" data-count={l.blocks.length}>
            <div className="mem-fl-label">
              {l.label} <span className="muted">· {plural(l.blocks.length, 'block')}, {bytes(total)}</span>
            </div>
            <ol className="mem-fl-chain">
              <li className="mem-fl-head">head</li>
              {l.blocks.slice(0, SHOWN).map((b, i) => (
                <li key={b.addr} className="mem-fl-node" onMouseEnter={() => onHover(b.addr)} onMouseLeave={() => onHover(null)} title={`#${i} in the list: block at ${addr(b.addr, base)}, ${b.size} bytes`}>
                  <span className="mem-fl-box">
                    <span className="mono">{addr(b.addr, base)}</span>
                    <span className="muted">{b.size} B</span>
                  </span>
                </li>
              ))}
              {l.blocks.length > SHOWN ? <li className="mem-fl-more">… and {(l.blocks.length - SHOWN).toLocaleString('en')} more</li> : <li className="mem-fl-null">NULL</li>}
            </ol>
          </div>
        );
      })}
      {empty.length > 0 ? (
        <p className="muted mem-fl-empty">
          Empty: {empty.map((l) => l.label).join(', ')}
        </p>
      ) : null}
    </div>
  );
}
