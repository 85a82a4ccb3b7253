import type { GlassboxApi } from '../../../shared/protocol.ts';
import type { Store } from '../../model/store.ts';
import { CompareView } from './CompareView.tsx';
import { KernelHeapView } from './KernelHeapView.tsx';
import { useSticky } from './sticky.ts';
import { INITIAL_LOADER, type LoaderState } from './TraceLoader.tsx';
import { PolicyCompare } from './PolicyCompare.tsx';
import { VirtualMemoryView } from './VirtualMemoryView.tsx';

type Mode = 'kernel' | 'compare' | 'vm' | 'vm-compare';

/**
 * The Memory tab: the kernel's heap allocator live (map, metrics, free lists, history and
 * a trace stepped through memtrace), or the compare lab, which replays one trace under
 * several allocators side by side (both share the trace loader's trace); and virtual
 * memory live, or one reference string under several replacement policies.
 */
export function MemoryView({ api, store }: { api: GlassboxApi; store: Store }) {
  const [mode, setMode] = useSticky<Mode>('memory.mode', 'kernel');
  const [loader, setLoader] = useSticky<LoaderState>('memory.loader', INITIAL_LOADER);
  return (
    <div className="memory-view">
      <div className="mem-modebar" role="toolbar" aria-label="Memory view">
        {(
          [
            ['kernel', 'Kernel heap', 'the allocator the simulated programs use, live'],
            ['compare', 'Compare allocators', 'one trace under 2–4 allocators, side by side'],
            ['vm', 'Virtual memory', 'address spaces, page tables, the TLB, frames and swap, live'],
            ['vm-compare', 'Compare policies', 'one reference string under 2–4 replacement policies, side by side'],
          ] as const
        ).map(([id, label, about]) => (
          <button
            key={id}
            type="button"
            aria-pressed={mode === id}
            className={mode === id ? 'active' : undefined}
            onClick={() => setMode(id)}
            title={about}
            data-testid={`memory-mode-${id}`}
          >
            {label}
          </button>
        ))}
        <span className="muted">
          {mode === 'kernel' ? 'the allocator the simulated programs use, live' : mode === 'vm' ? 'the pager the simulated programs run on, live' : 'a lab in the host: the kernel is left alone'}
        </span>
      </div>
      <div className="mem-body">
        {mode === 'kernel' ? (
          <KernelHeapView api={api} store={store} loader={loader} setLoader={setLoader} />
        ) : mode === 'compare' ? (
          <CompareView api={api} loader={loader} setLoader={setLoader} />
        ) : mode === 'vm' ? (
          <VirtualMemoryView store={store} />
        ) : (
          <PolicyCompare api={api} store={store} />
        )}
      </div>
    </div>
  );
}
