import './vm.css';
import { useMemo, useState } from 'react';
import type { GlassboxApi } from '../../../shared/protocol.ts';
import type { PagingLab } from '../../../sim/labs/paging.ts';
import { REPLACEMENT_POLICIES, type ReplacementPolicy } from '../../../sim/vm/replacement.ts';
import { useSticky } from './sticky.ts';
import { PanelBox } from '../PanelBox.tsx';
import { CheckTerm, Term } from '../Term.tsx';
import { POLICY_ABOUT } from './vm-terms.ts';
import { type Store, useMirror } from '../../model/store.ts';
import { REF_CAP, sessionReferences } from '../../../sim/vm/selectors.ts';
import { isPaged } from '../../../sim/vm/space.ts';
import { logItems } from '../../../sim/base/ringlog.ts';

/**
 * Compare mode: one reference string under 2 to 4 replacement policies, side by side.
 * The runs are done by the pagingLab command in the host, through the pager's code;
 * the kernel is left alone. Each column shows the frames after every access, with hits,
 * misses and each victim.
 */
const EXAMPLE = '0 1 2 0 1 3 0 3 1 2 1 0 4 0 1 2 3 4 0 1';

export function PolicyCompare({ api, store }: { api: GlassboxApi; store: Store }) {
  const [refs, setRefs] = useSticky('vm.compare.refs', EXAMPLE);
  const [frames, setFrames] = useSticky('vm.compare.frames', 3);
  const [policies, setPolicies] = useSticky<ReplacementPolicy[]>('vm.compare.policies', ['FIFO', 'LRU', 'OPT', 'CLOCK']);
  const [result, setResult] = useState<PagingLab | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (text = refs) => {
    if (policies.length < 2) {
      setError('choose 2 to 4 policies');
      return;
    }
    const r = await api.request({ cmd: 'pagingLab', refs: text, frames, policies });
    if (!r.ok) setError(r.error);
    else {
      setError(null);
      setResult(r.result);
    }
  };
  const toggle = (p: ReplacementPolicy) =>
    setPolicies(policies.includes(p) ? policies.filter((x) => x !== p) : policies.length < 4 ? [...policies, p] : policies);

  return (
    <div className="vm-compare" data-testid="vm-compare">
      <PanelBox title="Reference string" note="page numbers, separated by spaces or commas">
        <div className="vm-compare-form">
          <textarea value={refs} onChange={(e) => setRefs(e.target.value)} rows={2} aria-label="reference string" data-testid="vm-compare-refs" />
          <label>
            frames{' '}
            <input type="number" min={1} max={64} value={frames} onChange={(e) => setFrames(Math.max(1, Math.min(64, Number(e.target.value) || 1)))} aria-label="frames" />
          </label>
          <span className="vm-policy-picks">
            {REPLACEMENT_POLICIES.map((p) => (
              <CheckTerm key={p} about={`${p}: ${POLICY_ABOUT[p]}`} checked={policies.includes(p)} onChange={() => toggle(p)} testId={`vm-compare-pick-${p}`}>
                {p}
              </CheckTerm>
            ))}
          </span>
          <button type="button" onClick={() => run()} data-testid="vm-compare-run">
            Compare
          </button>
          {error && <span className="error">{error}</span>}
        </div>
        <SessionReferencePicker
          store={store}
          onUse={(text) => {
            setRefs(text);
            void run(text);
          }}
        />
        <p className="muted" data-testid="vm-compare-opt-note" data-term-group="">
          <Term about={`OPT: ${POLICY_ABOUT.OPT}`}>OPT</Term> and <Term about={`UNOPT: ${POLICY_ABOUT.UNOPT}`}>UNOPT</Term> run only here: they need every future reference, which a given string has and a running machine does not (what it touches next depends on
          input not yet typed), so the live machine pages by FIFO, LRU, MRU, random, the clock, working set or page-fault frequency.
        </p>
      </PanelBox>
      {result && (
        <div className="vm-compare-runs">
          {result.runs.map((r) => {
            const total = r.hits + r.misses;
            const best = Math.min(...result.runs.map((x) => x.misses));
            return (
              <PanelBox key={r.policy} title={r.policy} note={`${r.misses} misses, hit rate ${((100 * r.hits) / Math.max(1, total)).toFixed(1)}%`} className={r.misses === best ? 'best' : undefined}>
                <table className="vm-steps" data-testid={`vm-compare-${r.policy}`}>
                  <thead>
                    <tr>
                      <th>ref</th>
                      <th />
                      <th>frames after</th>
                      <th>out</th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.steps.map((s, i) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: steps are positions in a fixed string
                      <tr key={i} className={s.hit ? 'hit' : 'miss'}>
                        <td>{s.page}</td>
                        <td>{s.hit ? 'hit' : 'miss'}</td>
                        <td className="mem">{s.memory.join(' ')}</td>
                        <td>{s.victim ?? ''}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                {r.steps.length < result.refs.length && <div className="muted">first {r.steps.length} of {result.refs.length} accesses shown</div>}
              </PanelBox>
            );
          })}
        </div>
      )}
    </div>
  );
}

/**
 * The reference string this session produced, one process's at a time (the pager keeps the
 * last REF_CAP references), to run under the policies above: what the machine did, and what
 * OPT or another policy would have done with the same references.
 */
function SessionReferencePicker({ store, onUse }: { store: Store; onUse: (text: string) => void }) {
  const vm = useMirror(store, (m) => m.state?.vm);
  const procs = useMirror(store, (m) => m.state?.procs);
  const exited = useMirror(store, (m) => m.state?.exited);
  const sources = useMemo(() => (vm ? sessionReferences(vm) : []), [vm]);
  const [chosen, setChosen] = useState<number | null>(null);
  if (!vm) return null;
  if (!isPaged(vm.config))
    return (
      <p className="muted" data-testid="vm-session-refs">
        This machine uses {vm.config.scheme}, not paging: it makes no page references to compare.
      </p>
    );
  if (sources.length === 0)
    return (
      <p className="muted" data-testid="vm-session-refs">
        This session has touched no pages yet. Run <code>memtouch</code> in the terminal (for example <code>memtouch -p loop -k 6 -n 40</code>) and its references can be compared here.
      </p>
    );
  const source = sources.find((s) => s.pid === chosen) ?? sources[0];
  const name = (pid: number) => procs?.[pid]?.name ?? (exited && logItems(exited).findLast((e) => e.pid === pid)?.name) ?? 'exited';
  return (
    <p className="vm-session-refs" data-testid="vm-session-refs">
      <label>
        this session&rsquo;s references{' '}
        <select value={source.pid} onChange={(e) => setChosen(Number(e.target.value))} data-testid="vm-session-refs-pid">
          {sources.map((s) => (
            <option key={s.pid} value={s.pid}>
              pid {s.pid} ({name(s.pid)}): {s.pages.length.toLocaleString('en')} references
            </option>
          ))}
        </select>
      </label>{' '}
      <button type="button" onClick={() => onUse(source.pages.join(' '))} data-testid="vm-session-refs-use">
        Compare these
      </button>{' '}
      <span className="muted">
        the last {REF_CAP.toLocaleString('en')} references the machine made, by process; it pages by {vm.config.policy} with {vm.frames.vpn.length} frames
      </span>
    </p>
  );
}
