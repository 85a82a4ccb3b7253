import { useEffect, useState } from 'react';
import type { GlassboxApi, KeptHistory } from '../../shared/protocol.ts';
import { type Store, useMirror } from '../model/store.ts';
import { BranchNotice } from './BranchNotice.tsx';
import { BranchSwitcher } from './BranchSwitcher.tsx';
import { PauseIcon, PlayIcon, StepBackIcon, StepForwardIcon } from './icons.tsx';
import { KeyHelp } from './KeyHelp.tsx';
import { keysFor, runShortcut, SPEEDS, shortcutFor } from './shortcuts.ts';

/** True when plain keys belong to something else: the terminal, a form control, a tab list or a row of explained terms. */
function typingElsewhere(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return Boolean(target.closest('.terminal-host, input, select, textarea, button, [role="tablist"], [data-term], [contenteditable="true"]'));
}

/**
 * Play, pause, step, step back, a scrubber over the timeline so far, and speed. The
 * shortcuts in shortcuts.ts drive them from anywhere, the terminal included.
 */
export function Timeline({ api, store }: { api: GlassboxApi; store: Store }) {
  const status = useMirror(store, (m) => m.status);
  const [help, setHelp] = useState(false);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const id = shortcutFor(e, typingElsewhere(e.target));
      if (!id) return;
      e.preventDefault();
      e.stopPropagation(); // the terminal must not also see it
      if (id === 'help') setHelp((h) => !h);
      else runShortcut(api, store.get().status, id, e.shiftKey);
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, [api, store]);

  if (!status) return <div className="timeline" />;
  const max = Math.max(status.maxTick, status.tick, 1);
  const slow = status.playing && status.achievedSpeed !== null && status.achievedSpeed < status.speed * 0.9;
  return (
    <>
    <BranchNotice api={api} change={status.branch.change} scenarioName={status.scenarioName} />
    <div className="timeline" role="toolbar" aria-label="Timeline">
      <button
        type="button"
        title={status.tick === 0 ? 'At tick 0: there is nothing before it' : `Step back one tick (${keysFor('stepBack')})`}
        aria-label="Step back"
        disabled={status.tick === 0}
        onClick={() => api.request({ cmd: 'stepBack', n: 1 })}
      >
        <StepBackIcon />
      </button>
      <button
        type="button"
        className="primary"
        title={`${status.playing ? 'Pause' : 'Play'} (${keysFor('play')})`}
        aria-label={status.playing ? 'Pause' : 'Play'}
        data-testid="play"
        onClick={() => api.request({ cmd: status.playing ? 'pause' : 'play' })}
      >
        {status.playing ? <PauseIcon /> : <PlayIcon />}
      </button>
      <button type="button" title={`Step one tick (${keysFor('step')})`} aria-label="Step" onClick={() => api.request({ cmd: 'step', n: 1 })}>
        <StepForwardIcon />
      </button>
      <span className="tick" data-testid="tick" title="Current tick">
        tick <b>{status.tick}</b>
      </span>
      <input
        className="scrubber"
        type="range"
        min={0}
        max={max}
        value={status.tick}
        aria-label="Scrub through time"
        onChange={(e) => api.request({ cmd: 'seek', tick: Number(e.target.value) })}
      />
      <span className="muted" title="The latest tick this branch has reached: the scrubber runs from 0 to here">
        {status.maxTick}
      </span>
      <HistoryNote history={status.history} />
      <BranchSwitcher api={api} status={status} />
      <label className="speed" title={`Ticks per second while playing (slower: ${keysFor('slower')}, faster: ${keysFor('faster')})`}>
        speed
        <select
          value={status.speed}
          aria-label="Speed in ticks per second"
          onChange={(e) => api.request({ cmd: 'setSpeed', ticksPerSecond: Number(e.target.value) })}
        >
          {(SPEEDS.includes(status.speed) ? SPEEDS : [...SPEEDS, status.speed].sort((a, b) => a - b)).map((s) => (
            <option key={s} value={s}>
              {s.toLocaleString()} ticks/s
            </option>
          ))}
        </select>
      </label>
      {slow ? (
        <span className="achieved" data-testid="achieved-speed" title="The host cannot run the machine as fast as asked; this is the speed it reaches">
          reaching {status.achievedSpeed!.toLocaleString()}/s
        </span>
      ) : null}
      <label
        className={`hurry${status.hurrying ? ' on' : ''}`}
        title="While a command you typed works in the foreground, run at up to 1,000 ticks/s so it answers at once; its processes stay in the views. Turn off to watch commands at the chosen speed."
      >
        <input
          type="checkbox"
          checked={status.hurry}
          data-testid="hurry"
          onChange={(e) => api.request({ cmd: 'setSpeed', ticksPerSecond: status.speed, hurry: e.target.checked })}
        />
        typed commands fast
      </label>
      <button type="button" className="small" title={`Keyboard shortcuts (${keysFor('help')})`} aria-label="Keyboard shortcuts" data-testid="key-help-button" onClick={() => setHelp(true)}>
        ?
      </button>
      {help ? <KeyHelp onClose={() => setHelp(false)} /> : null}
    </div>
    </>
  );
}

/**
 * Says how far back stepping is instant once the session has let older frames go or kept
 * only some of them (their memory is bounded): before that, a step back replays from tick 0.
 */
function HistoryNote({ history }: { history: KeptHistory | null }) {
  if (!history || (history.from === 0 && history.everyFrameFrom === 0)) return null;
  const thinned = history.everyFrameFrom > history.from;
  const title = [
    history.from > 0 ? `Stepping back before tick ${history.from.toLocaleString()} replays the machine from tick 0, which takes longer.` : null,
    thinned ? `Every frame is kept from tick ${history.everyFrameFrom.toLocaleString()}; before that, one in a few.` : null,
    'A session keeps a bounded amount of its past in memory.',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <span className="muted history-note" data-testid="history-note" title={title}>
      {history.from > 0 ? `kept from ${history.from.toLocaleString()}` : `all kept from ${history.everyFrameFrom.toLocaleString()}`}
    </span>
  );
}
