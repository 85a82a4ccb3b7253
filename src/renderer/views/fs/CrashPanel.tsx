import { useState } from 'react';
import type { GlassboxApi } from '../../../shared/protocol.ts';
import type { JournalView } from '../../../sim/fs/selectors.ts';
import type { DeviceState } from '../../../sim/fs/types.ts';
import type { DiskAction, FsckRun } from '../../../sim/kernel/disk-control.ts';

/**
 * The journal and the crash lab: what the log holds, a crash armed at a chosen block
 * write, pulling the plug (the next mount replays the journal), and fsck.
 */
export function CrashPanel({ api, journal, dev, fsck }: { api: GlassboxApi; journal: JournalView; dev: DeviceState; fsck: FsckRun | null }) {
  const [after, setAfter] = useState(3);
  const [imageNote, setImageNote] = useState<{ kind: 'ok' | 'warn' | 'error'; text: string } | null>(null);
  const saveImage = async () => {
    const r = await api.request({ cmd: 'saveDiskImage' });
    if (!r.ok) return setImageNote({ kind: 'error', text: r.error });
    if (await api.files.saveText(r.result.name, r.result.text)) setImageNote({ kind: 'ok', text: `Saved ${r.result.name}.` });
  };
  const loadImage = async () => {
    const file = await api.files.openDiskImage();
    if (!file) return;
    if (file.error) return setImageNote({ kind: 'error', text: file.error });
    const r = await api.request({ cmd: 'loadDiskImage', text: file.text, name: file.name });
    if (!r.ok) return setImageNote({ kind: 'error', text: r.error });
    setImageNote(
      r.result.problem
        ? { kind: 'warn', text: `Booted from ${file.name}, but ${r.result.problem}.` }
        : { kind: 'ok', text: `Booted from ${file.name}.` },
    );
  };
  const [within, setWithin] = useState(20);
  const disk = (action: DiskAction) => api.request({ cmd: 'disk', action });
  const usedPct = journal.capacity > 1 ? Math.round((100 * Math.max(0, journal.used - 1)) / (journal.capacity - 1)) : 0;
  const r = journal.recovery;
  return (
    <div className="crash-panel" data-testid="crash-panel">
      <section>
        <h3>Journal</h3>
        {journal.mode === 'none' ? (
          <p className="muted">No journal: after a crash, only fsck can put the disk right.</p>
        ) : (
          <>
            <p>
              {journal.mode === 'data' ? 'Data journaling' : 'Metadata journaling (ordered)'} · {journal.capacity} blocks · next transaction {journal.nextSeq} ·{' '}
              {journal.commits} commits, {journal.checkpoints} checkpoints
            </p>
            <div className="meter" title={`${usedPct}% of the log in use`}>
              <div style={{ width: `${usedPct}%` }} />
            </div>
            <p className="muted">
              Running transaction: {journal.running.ops} operation{journal.running.ops === 1 ? '' : 's'}, blocks {journal.running.blocks.join(', ') || '—'}. Committed, not yet
              checkpointed: {journal.committed.map((t) => `#${t.seq} (${t.blocks.join(', ')})`).join('; ') || 'none'}.
            </p>
          </>
        )}
        {r ? (
          <p data-testid="recovery-report">
            <b>Last mount:</b>{' '}
            {r.problem
              ? r.problem
              : journal.mode === 'none' && r.replayed.length === 0
                ? `no journal to replay${r.orphansFreed.length ? `; freed orphan inodes ${r.orphansFreed.join(', ')}` : ''}.`
                : `replayed ${r.replayed.length} committed transaction${r.replayed.length === 1 ? '' : 's'} (${r.blocksReplayed} blocks)${r.discardedIncomplete ? ', discarded one without a commit block' : ''}${r.orphansFreed.length ? `, freed orphan inodes ${r.orphansFreed.join(', ')}` : ''}.`}
          </p>
        ) : null}
      </section>
      <section>
        <h3>Crash</h3>
        <p>
          Block writes so far: <b data-testid="device-writes">{dev.writes}</b>.{' '}
          {dev.crashed ? (
            <b className="danger" data-testid="crash-state">
              CRASHED at write {dev.crashAt}: later writes are lost.
            </b>
          ) : dev.crashAt !== null ? (
            <b className="warn" data-testid="crash-state">
              Armed: write {dev.crashAt} and after will be lost.
            </b>
          ) : (
            <span data-testid="crash-state">No crash armed.</span>
          )}
        </p>
        <div className="row">
          <label>
            crash after
            <input type="number" min={0} value={after} onChange={(e) => setAfter(Math.max(0, Number(e.target.value) || 0))} aria-label="Writes before the crash" />
            more writes
          </label>
          <button type="button" onClick={() => disk({ action: 'arm-crash', afterWrites: after })}>
            Arm
          </button>
        </div>
        <div className="row">
          <label>
            at a random write within
            <input type="number" min={1} value={within} onChange={(e) => setWithin(Math.max(1, Number(e.target.value) || 1))} aria-label="Random crash window" />
          </label>
          <button type="button" onClick={() => disk({ action: 'arm-random-crash', within })}>
            Arm random
          </button>
          <button type="button" onClick={() => disk({ action: 'disarm' })} disabled={dev.crashAt === null || dev.crashed}>
            Disarm
          </button>
        </div>
        <div className="row">
          <button type="button" className="danger" onClick={() => disk({ action: 'power-cycle' })} data-testid="power-cycle">
            {journal.mode === 'none' ? 'Power-cycle (reboot; no journal to replay)' : 'Power-cycle (reboot, replay the journal)'}
          </button>
        </div>
      </section>
      <section>
        <h3>Disk image</h3>
        <p className="muted">Save the disk as it is on the platter (what a crash would leave), or boot the machine from a saved one.</p>
        <div className="row">
          <button type="button" onClick={saveImage} data-testid="save-image">
            Save disk image…
          </button>
          <button type="button" onClick={loadImage} data-testid="load-image">
            Boot from disk image…
          </button>
        </div>
        {imageNote ? (
          <p className={imageNote.kind === 'error' ? 'problem' : imageNote.kind === 'warn' ? 'warn' : 'ok'} role={imageNote.kind === 'error' ? 'alert' : 'status'} data-testid="image-note">
            {imageNote.text}
            {imageNote.kind === 'warn' ? (
              <>
                {' '}
                <button type="button" className="small" onClick={() => disk({ action: 'fsck', repair: true })}>
                  Run fsck and repair
                </button>
              </>
            ) : null}
          </p>
        ) : null}
      </section>
      <section>
        <h3>fsck</h3>
        <div className="row">
          <button type="button" onClick={() => disk({ action: 'fsck', repair: false })} data-testid="fsck-check">
            Check
          </button>
          <button type="button" onClick={() => disk({ action: 'fsck', repair: true })}>
            Check and repair
          </button>
        </div>
        {fsck ? (
          <div data-testid="fsck-report">
            <p>
              At tick {fsck.tick}, {fsck.repair ? 'fsck -y' : 'fsck -n'}:{' '}
              {fsck.report.clean ? (
                <b className="ok">clean: every invariant holds.</b>
              ) : fsck.after ? (
                <>
                  repaired {problems(fsck.report.findings.length)}.{' '}
                  {fsck.after.clean ? <b className="ok">Now clean: every invariant holds.</b> : <b className="danger">{problems(fsck.after.findings.length)} remain.</b>}
                </>
              ) : (
                <b className="danger">{problems(fsck.report.findings.length)}.</b>
              )}
            </p>
            <ul className="findings">
              {[...fsck.report.findings, ...(fsck.after?.findings ?? [])].slice(0, 50).map((f, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: findings are a fixed list in report order.
                <li key={i}>{f.text}</li>
              ))}
            </ul>
          </div>
        ) : null}
      </section>
    </div>
  );
}

const problems = (n: number) => `${n} problem${n === 1 ? '' : 's'}`;
