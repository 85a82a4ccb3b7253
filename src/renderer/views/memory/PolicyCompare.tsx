import './vm.css';
import { useState } from 'react';
import type { GlassboxApi } from '../../../shared/protocol.ts';
import type { PagingLab } from '../../../sim/labs/paging.ts';
import { REPLACEMENT_POLICIES, type ReplacementPolicy } from '../../../sim/vm/replacement.ts';
import { useSticky } from './sticky.ts';
import { PanelBox } from '../PanelBox.tsx';
import { Term } from '../Term.tsx';
import { POLICY_ABOUT } from './vm-terms.ts';

/**
 * Compare mode: one reference string under 2 to 4 replacement policies, side by side.
 * The runs are done by the pagingLab command in the host, through the pager's code;
 * the kernel is left alone. Each column shows the frames after every access, with hits,
 * misses and each victim.
 */
const EXAMPLE = '0 1 2 0 1 3 0 3 1 2 1 0 4 0 1 2 3 4 0 1';

export function PolicyCompare({ api }: { api: GlassboxApi }) {
  const [refs, setRefs] = useSticky('vm.compare.refs', EXAMPLE);
  const [frames, setFrames] = useSticky('vm.compare.frames', 3);
  const [policies, setPolicies] = useSticky<ReplacementPolicy[]>('vm.compare.policies', ['FIFO', 'LRU', 'OPT', 'CLOCK']);
  const [result, setResult] = useState<PagingLab | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async () => {
    if (policies.length < 2) {
      setError('choose 2 to 4 policies');
      return;
    }
    const r = await api.request({ cmd: 'pagingLab', refs, frames, policies });
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
              <label key={p} title={`${p}: ${POLICY_ABOUT[p]}`}>
                <input type="checkbox" checked={policies.includes(p)} onChange={() => toggle(p)} /> {p}
              </label>
            ))}
          </span>
          <button type="button" onClick={run} data-testid="vm-compare-run">
            Compare
          </button>
          {error && <span className="error">{error}</span>}
        </div>
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
