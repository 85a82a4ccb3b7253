import { useEffect, useRef, useState } from 'react';
import type { BranchInfo, GlassboxApi, SessionStatus } from '../../shared/protocol.ts';
import { branchRow } from './branch-text.ts';
import { BranchIcon } from './icons.tsx';

/**
 * The timeline's branches, beside the scrubber: a button that says which branch this is
 * and opens the list of them (name, fork tick, end tick, what set it apart), each one a
 * click (or Enter) away. Arrow keys move through the list and Escape closes it.
 */
export function BranchSwitcher({ api, status }: { api: GlassboxApi; status: SessionStatus }) {
  const [open, setOpen] = useState(false);
  const [list, setList] = useState<BranchInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const box = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const { id, count, change } = status.branch;
  const seq = change?.seq ?? 0;

  // The list is fetched when it opens, and again whenever a branch is made or switched to.
  // biome-ignore lint/correctness/useExhaustiveDependencies: id, count and seq say when the host's list has changed.
  useEffect(() => {
    if (!open) return;
    let live = true;
    void api.request({ cmd: 'branches' }).then((r) => {
      if (!live) return;
      if (r.ok) {
        setList(r.result.branches);
        setError(null);
      } else setError(r.error);
    });
    return () => {
      live = false;
    };
  }, [api, open, id, count, seq]);

  // Opening puts focus on the current branch; a click elsewhere closes the list.
  useEffect(() => {
    if (!open || !list) return;
    box.current?.querySelector<HTMLElement>('[aria-checked="true"]')?.focus();
  }, [open, list]);
  useEffect(() => {
    if (!open) return;
    const away = (e: PointerEvent) => {
      if (!box.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', away);
    return () => document.removeEventListener('pointerdown', away);
  }, [open]);

  if (count < 2) return null;
  const close = () => {
    setOpen(false);
    toggle.current?.focus();
  };
  const go = async (b: BranchInfo) => {
    if (b.current) return close();
    const r = await api.request({ cmd: 'switchBranch', id: b.id });
    if (r.ok) close();
    else setError(r.error);
  };
  const onKey = (e: React.KeyboardEvent) => {
    const items = [...(box.current?.querySelectorAll<HTMLElement>('[role="menuitemradio"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    const move = (i: number) => items[(i + items.length) % items.length]?.focus();
    if (e.key === 'Escape') close();
    else if (e.key === 'ArrowDown') move(at + 1);
    else if (e.key === 'ArrowUp') move(at - 1);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(items.length - 1);
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <div className="branches" ref={box}>
      <button
        type="button"
        ref={toggle}
        className={`branch-toggle${open ? ' on' : ''}`}
        aria-haspopup="menu"
        aria-expanded={open}
        title={`This timeline has ${count} branches; you are on branch ${id}. List them to return to one.`}
        data-testid="branch-toggle"
        onClick={() => setOpen(!open)}
      >
        <BranchIcon /> branch {id} of {count}
      </button>
      {open ? (
        <div className="branch-menu" role="menu" aria-label="Branches of the timeline" data-testid="branch-menu" onKeyDown={onKey}>
          <p className="branch-menu-title">
            Branches <span className="muted">kept as their inputs, replayed when you return</span>
          </p>
          <div className="branch-row branch-head" aria-hidden="true">
            <span>branch</span>
            <span>fork → end</span>
            <span>what set it apart</span>
          </div>
          {list === null ? <p className="muted">Listing…</p> : null}
          {(list ?? []).map((b) => {
            // The current branch's end moves while it plays; the status has it as it stands.
            const row = branchRow(b.current ? { ...b, endTick: Math.max(b.endTick, status.maxTick) } : b, status.scenarioName);
            return (
              <button
                key={b.id}
                type="button"
                role="menuitemradio"
                aria-checked={b.current}
                className="branch-row"
                data-testid={`branch-${b.id}`}
                title={`${b.current ? `You are on ${b.name}` : `Return to ${b.name} at tick ${b.endTick}, its end, by replaying its ${b.inputs} input${b.inputs === 1 ? '' : 's'}`}: ${row.what}`}
                onClick={() => go(b)}
              >
                <span className="branch-name">
                  {b.current ? '● ' : ''}
                  {row.name}
                </span>
                <span className="branch-span">{row.span}</span>
                <span className="branch-what">{row.what}</span>
              </button>
            );
          })}
          {error ? (
            <p className="problem" role="alert">
              {error}
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
