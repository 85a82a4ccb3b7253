import { useMemo } from 'react';
import { pipeViews, processSignals, queueViews, segmentViews, semaphoreViews, signalEvents } from '../../sim/kernel/ipc-selectors.ts';
import { useSelection } from '../model/selection.ts';
import { type Store, useMirror } from '../model/store.ts';
import { semaphoreUse } from './semaphore-text.ts';
import { Tabs } from './Tabs.tsx';

/** Pipes, signals, message queues, semaphores and shared memory, as sub-tabs. */
export function IpcPanel({ store, initial }: { store: Store; initial?: IpcTab }) {
  return (
    <Tabs
      initial={initial}
      tabs={[
        { id: 'pipes', label: 'Pipes', content: () => <Pipes store={store} /> },
        { id: 'signals', label: 'Signals', content: () => <Signals store={store} /> },
        { id: 'sysv', label: 'Queues & semaphores', content: () => <QueuesAndSemaphores store={store} /> },
      ]}
    />
  );
}

export type IpcTab = 'pipes' | 'signals' | 'sysv';

function Pid({ pid }: { pid: number | null }) {
  const [selected, select] = useSelection();
  if (pid === null) return <span className="muted">kernel</span>;
  return (
    <button type="button" className={`link mono${selected === pid ? ' selected' : ''}`} onClick={() => select(pid)}>
      {pid}
    </button>
  );
}

function Pids({ pids }: { pids: number[] }) {
  if (pids.length === 0) return <span className="muted">none</span>;
  return (
    <>
      {pids.map((p, i) => (
        <span key={p}>
          {i ? ', ' : ''}
          <Pid pid={p} />
        </span>
      ))}
    </>
  );
}

function useIpc<T>(store: Store, select: (s: NonNullable<ReturnType<Store['get']>['state']>) => T): T | null {
  const state = useMirror(store, (m) => m.state);
  const ipc = useMirror(store, (m) => m.state?.ipc);
  const waiters = useMirror(store, (m) => m.state?.waiters);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the IPC state and the wait channels are what these views read.
  return useMemo(() => (state ? select(state) : null), [ipc, waiters]);
}

function Pipes({ store }: { store: Store }) {
  const pipes = useIpc(store, pipeViews);
  if (!pipes) return null;
  return (
    <div className="panel scroll-panel" data-testid="pipes">
      {pipes.length === 0 ? <p className="empty">No pipes now. Try: seq 1 200 | grep 7 | wc -l</p> : null}
      {pipes.map((p) => (
        <div key={p.id} className="pipe-card" data-pipe={p.id}>
          <p>
            <b>pipe {p.id}</b> · writers <Pids pids={p.writers} /> → readers <Pids pids={p.readers} /> · {p.used} of {p.capacity} bytes buffered · {p.bytesWritten} written,{' '}
            {p.bytesRead} read
            {p.writeOpen ? '' : ' · write end closed (readers get EOF)'}
            {p.readOpen ? '' : ' · read end closed (writers get SIGPIPE)'}
          </p>
          <div className="ring" title="The ring buffer: filled slots hold unread bytes; ▸ marks where the next read (head) and write (tail) happen">
            {p.ring.map((c, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a ring slot is a position.
              <span key={i} className={`${c === null ? 'slot' : 'slot full'}${i === p.head ? ' head' : ''}${i === p.tail ? ' tail' : ''}`}>
                {c === null ? '' : c === '\n' ? '⏎' : c}
              </span>
            ))}
          </div>
          {p.blockedReaders.length ? (
            <p className="warn">
              blocked reading an empty pipe: <Pids pids={p.blockedReaders} />
            </p>
          ) : null}
          {p.blockedWriters.length ? (
            <p className="warn">
              blocked writing to a full pipe: {p.blockedWriters.map((w) => `${w.pid} (${w.left} bytes to go)`).join(', ')}
            </p>
          ) : null}
        </div>
      ))}
    </div>
  );
}

function Signals({ store }: { store: Store }) {
  const events = useIpc(store, signalEvents);
  const masks = useIpc(store, processSignals);
  if (!events || !masks) return null;
  const shown = [...events].reverse().slice(0, 200);
  return (
    <div className="panel scroll-panel signals" data-testid="signal-log">
      <table className="compact">
        <thead>
          <tr>
            <th className="num">tick</th>
            <th>signal</th>
            <th>from</th>
            <th>to</th>
            <th>what happened</th>
          </tr>
        </thead>
        <tbody>
          {shown.length === 0 ? (
            <tr>
              <td colSpan={5} className="muted">
                No signals yet. Try ^C on a running command, or kill -STOP / kill -CONT.
              </td>
            </tr>
          ) : null}
          {shown.map((e, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the log is in time order and only grows.
            <tr key={i}>
              <td className="num">{e.tick}</td>
              <td className="mono">{e.name}</td>
              <td>
                <Pid pid={e.from} />
              </td>
              <td>
                <Pid pid={e.to} />
              </td>
              <td>
                {e.outcome}
                {e.released ? ' (was pending)' : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Masks and handlers</h3>
      <table className="compact">
        <thead>
          <tr>
            <th className="num">pid</th>
            <th>name</th>
            <th>pending</th>
            <th>blocked</th>
            <th>caught</th>
            <th>ignored</th>
          </tr>
        </thead>
        <tbody>
          {masks.map((m) => (
            <tr key={m.pid}>
              <td className="num">
                <Pid pid={m.pid} />
              </td>
              <td>{m.name}</td>
              <td className="mono">{m.pending.join(' ') || '–'}</td>
              <td className="mono">{m.blocked.join(' ') || '–'}</td>
              <td className="mono">{m.caught.join(' ') || '–'}</td>
              <td className="mono">{m.ignored.join(' ') || '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function QueuesAndSemaphores({ store }: { store: Store }) {
  const queues = useIpc(store, queueViews);
  const sems = useIpc(store, semaphoreViews);
  const segs = useIpc(store, segmentViews);
  if (!queues || !sems || !segs) return null;
  const none = queues.length + sems.length + segs.length === 0;
  return (
    <div className="panel scroll-panel" data-testid="sysv">
      {none ? (
        <p className="empty">
          No message queues, semaphores or shared memory. Try: <code>producer --via mq --key 7 10 &amp;</code> then <code>consumer --via mq --key 7</code>, or{' '}
          <code>philosophers 3</code>.
        </p>
      ) : null}
      {queues.map((q) => (
        <div key={`q${q.id}`} className="pipe-card">
          <p>
            <b>message queue {q.id}</b> (key {q.key}) · {q.count} of {q.capacity} messages
          </p>
          <ol className="messages">
            {q.messages.map((m, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: queue order is the identity of a message here.
              <li key={i} className="mono">
                type {m.type} from {m.from}: {JSON.stringify(m.text)}
              </li>
            ))}
          </ol>
          {q.blockedSenders.length ? (
            <p className="warn">
              blocked sending (queue full): <Pids pids={q.blockedSenders} />
            </p>
          ) : null}
          {q.blockedReceivers.length ? (
            <p className="warn">
              blocked receiving (nothing to take): <Pids pids={q.blockedReceivers.map((r) => r.pid)} />
            </p>
          ) : null}
        </div>
      ))}
      {sems.map((s) => (
        <div key={`s${s.id}`} className="pipe-card">
          <p>
            <b>semaphore {s.id}</b> (key {s.key}) · value <b>{s.value}</b>
            {semaphoreUse(s)}
          </p>
          {s.waiters.length ? (
            <p className="warn">
              waiting: <Pids pids={s.waiters} />
            </p>
          ) : null}
        </div>
      ))}
      {segs.map((g) => (
        <div key={`m${g.id}`} className="pipe-card">
          <p>
            <b>shared memory {g.id}</b> (key {g.key}) · {g.size} slots
          </p>
          <div className="ring">
            {g.slots.map((v, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a slot is a position.
              <span key={i} className={v ? 'slot full wide' : 'slot wide'} title={g.lastWriters[i] === null ? 'never written' : `last written by pid ${g.lastWriters[i]}`}>
                {v}
              </span>
            ))}
          </div>
        </div>
      ))}
    </div>
  );
}
