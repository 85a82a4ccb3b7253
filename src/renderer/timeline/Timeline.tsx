import { useEffect } from 'react';
import type { GlassboxApi } from '../../shared/protocol.ts';
import { type Store, useMirror } from '../model/store.ts';
import { PauseIcon, PlayIcon, StepBackIcon, StepForwardIcon } from './icons.tsx';

const SPEEDS = [1, 5, 20, 100, 1000, 10_000, 100_000];

/** True when a key press belongs to something else: the terminal or a form control. */
function typingElsewhere(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return Boolean(target.closest('.terminal-host, input, select, textarea, button, [contenteditable="true"]'));
}

/**
 * Play, pause, step, step back, a scrubber over the timeline so far, and speed. Space,
 * Right and Left do the same from the keyboard when the terminal does not have focus.
 */
export function Timeline({ api, store }: { api: GlassboxApi; store: Store }) {
  const status = useMirror(store, (m) => m.status);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typingElsewhere(e.target) || e.altKey || e.ctrlKey || e.metaKey) return;
      const s = store.get().status;
      if (e.key === ' ') {
        e.preventDefault();
        void api.request({ cmd: s?.playing ? 'pause' : 'play' });
      } else if (e.key === 'ArrowRight') {
        e.preventDefault();
        void api.request({ cmd: 'step', n: e.shiftKey ? 10 : 1 });
      } else if (e.key === 'ArrowLeft') {
        e.preventDefault();
        void api.request({ cmd: 'stepBack', n: e.shiftKey ? 10 : 1 });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [api, store]);

  if (!status) return <div className="timeline" />;
  const max = Math.max(status.maxTick, status.tick, 1);
  return (
    <div className="timeline" role="toolbar" aria-label="Timeline">
      <button type="button" title="Step back one tick (Left arrow)" aria-label="Step back" onClick={() => api.request({ cmd: 'stepBack', n: 1 })}>
        <StepBackIcon />
      </button>
      <button
        type="button"
        className="primary"
        title={status.playing ? 'Pause (Space)' : 'Play (Space)'}
        aria-label={status.playing ? 'Pause' : 'Play'}
        data-testid="play"
        onClick={() => api.request({ cmd: status.playing ? 'pause' : 'play' })}
      >
        {status.playing ? <PauseIcon /> : <PlayIcon />}
      </button>
      <button type="button" title="Step one tick (Right arrow)" aria-label="Step" onClick={() => api.request({ cmd: 'step', n: 1 })}>
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
      <span className="muted">{status.maxTick}</span>
      <label className="speed">
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
    </div>
  );
}
