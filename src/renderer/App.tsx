import { useEffect, useRef, useState } from 'react';
import { Group, Panel, Separator } from 'react-resizable-panels';
import type { GlassboxApi } from '../shared/protocol.ts';
import type { FieldError } from '../shared/scenario.ts';
import { ClampedText } from './ClampedText.tsx';
import { EXAMPLES, type ExampleView } from './examples.ts';
import { type Store, useMirror } from './model/store.ts';
import { lostKeysTitle } from './terminal/input-queue.ts';
import { hasShell, TerminalView } from './terminal/TerminalView.tsx';
import { useTheme } from './theme/theme.ts';
import { savedBranches } from './timeline/branch-text.ts';
import { keysFor } from './timeline/shortcuts.ts';
import { Timeline } from './timeline/Timeline.tsx';
import { EventLogView } from './views/EventLogView.tsx';
import { ForkLab } from './views/ForkLab.tsx';
import { FilesView } from './views/fs/FilesView.tsx';
import { MemoryView } from './views/memory/MemoryView.tsx';
import { setSticky } from './views/memory/sticky.ts';
import { IpcPanel } from './views/IpcPanel.tsx';
import { PanelBox } from './views/PanelBox.tsx';
import { ProcessTable } from './views/ProcessTable.tsx';
import { ProcessTreeView } from './views/ProcessTreeView.tsx';
import { SchedulerView } from './views/sched/SchedulerView.tsx';
import { Tabs } from './views/Tabs.tsx';

type Notice =
  | { kind: 'error'; title: string; errors: FieldError[] }
  | { kind: 'info'; title: string; text?: string }
  /** Loaded, but not everything in it could start: the lines say what did not, and why. */
  | { kind: 'warn'; title: string; text?: string; lines: string[] };

export function App({ api, store }: { api: GlassboxApi; store: Store }) {
  const [theme, setTheme] = useTheme();
  const [notice, setNotice] = useState<Notice | null>(null);
  // The open example's description, kept so it can be read again after it is dismissed.
  const [about, setAbout] = useState<{ name: string; text: string } | null>(null);
  // The views open on the tab an example is about; a new key mounts them afresh on it.
  const [shown, setShown] = useState<{ key: number; view: ExampleView | null }>({ key: 0, view: null });
  const openView = (view: ExampleView) => {
    if (view.tab === 'memory') setSticky('memory.mode', view.mode);
    setShown((s) => ({ key: s.key + 1, view }));
  };
  const status = useMirror(store, (m) => m.status);
  const shell = useMirror(store, hasShell);
  // Inputs the kernel turned down at later ticks (a process over the limit) are said when
  // the machine reaches them, as the load's notice says those at tick 0.
  const refusals = useMirror(store, (m) => m.status?.refusals.join('\n') ?? '');
  const refusalsShown = useRef('');
  useEffect(() => {
    if (refusals === refusalsShown.current) return;
    refusalsShown.current = refusals;
    if (refusals) setNotice({ kind: 'warn', title: 'The kernel turned down some of the scenario’s inputs', lines: refusals.split('\n') });
  }, [refusals]);
  // The server's reason for letting the page go ('' if it gave none); null while connected.
  const [disconnected, setDisconnected] = useState<string | null>(null);
  useEffect(() => api.onDisconnect?.((reason) => setDisconnected(reason)), [api]);
  // A fresh session starts running, so the prompt answers the first thing typed; pausing
  // is one key away. A session met later in its life (a reload) is left as it was.
  const started = useRef(false);
  useEffect(() => {
    if (started.current || !status) return;
    started.current = true;
    if (!status.playing && status.tick === 0 && status.maxTick === 0) void api.request({ cmd: 'play' });
  }, [api, status]);

  const load = async () => {
    const file = await api.files.openScenario();
    if (!file) return;
    if (file.error) return setNotice({ kind: 'error', title: 'Could not open the scenario', errors: [{ field: '(file)', message: file.error }] });
    const r = await api.request({ cmd: 'loadScenario', json: file.json, name: file.name });
    if (r.ok) {
      setAbout(null);
      refusalsShown.current = r.result.status.refusals.join('\n');
      const title = `Loaded “${r.result.status.scenarioName}”`;
      setNotice(r.result.warnings.length ? { kind: 'warn', title, lines: r.result.warnings } : { kind: 'info', title });
    }
    else if (r.errors) setNotice({ kind: 'error', title: `“${file.name}” is not a valid scenario`, errors: r.errors });
    else setNotice({ kind: 'error', title: 'Could not load the scenario', errors: [{ field: '(request)', message: r.error }] });
  };
  const save = async () => {
    const r = await api.request({ cmd: 'saveScenario' });
    if (!r.ok) return setNotice({ kind: 'error', title: 'Could not save', errors: [{ field: '(request)', message: r.error }] });
    const fileName = `${r.result.name.replace(/[^\w. -]+/g, '_') || 'scenario'}.json`;
    if (await api.files.saveText(fileName, r.result.json)) setNotice({ kind: 'info', title: `Saved ${fileName}`, text: savedBranches(r.result.branches) });
  };

  return (
    <div className="app">
      <header className="topbar">
        <h1>
          <span className="logo" aria-hidden="true">
            ◧
          </span>{' '}
          Glassbox
        </h1>
        <span className="scenario" data-testid="scenario-name">
          {status?.scenarioName ?? 'connecting…'}
        </span>
        {about && about.name === status?.scenarioName && !(notice?.kind === 'info' && notice.text === about.text) ? (
          <button
            type="button"
            className="small"
            onClick={() => setNotice({ kind: 'info', title: about.name, text: about.text })}
            title="Show this example's description again"
            data-testid="about-example"
          >
            About
          </button>
        ) : null}
        <div className="spacer" />
        <select
          className="examples"
          value=""
          onChange={async (e) => {
            const ex = EXAMPLES.find((x) => x.file === e.target.value);
            if (!ex) return;
            const r = await api.request({ cmd: 'loadScenario', json: ex.json, name: ex.name });
            if (r.ok) {
              openView(ex.view);
              refusalsShown.current = r.result.status.refusals.join('\n');
              setAbout({ name: ex.name, text: ex.description });
              const shown = { title: ex.name, text: ex.description };
              setNotice(r.result.warnings.length ? { kind: 'warn', ...shown, lines: r.result.warnings } : { kind: 'info', ...shown });
            } else setNotice({ kind: 'error', title: `Could not load “${ex.name}”`, errors: r.errors ?? [{ field: '(request)', message: r.error }] });
          }}
          aria-label="Open an example scenario"
          data-testid="examples"
        >
          <option value="">Examples…</option>
          {EXAMPLES.map((x) => (
            <option key={x.file} value={x.file}>
              {x.name}
            </option>
          ))}
        </select>
        <button type="button" onClick={load} title="Load a scenario file">
          Load scenario
        </button>
        <button type="button" onClick={save} title="Save this run as a scenario that reproduces it">
          Save scenario
        </button>
        <button type="button" onClick={() => api.request({ cmd: 'reset' })} title="Restart the scenario from tick 0">
          Reset
        </button>
        <button
          type="button"
          onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
          title="Switch between light and dark"
          aria-label={theme === 'dark' ? 'Use the light theme' : 'Use the dark theme'}
          data-testid="theme-toggle"
        >
          {theme === 'dark' ? '☀ Light' : '☾ Dark'}
        </button>
      </header>
      {disconnected !== null ? (
        <div className="notice error" role="alert" data-testid="disconnected">
          <strong>Lost the connection to the simulator{disconnected ? `: ${disconnected.replace(/\.$/, '')}` : ''}.</strong>
          <span>Reload the page to start a new session.</span>
        </div>
      ) : null}
      {notice && (
        <div className={`notice ${notice.kind}`} role={notice.kind === 'info' ? 'status' : 'alert'}>
          <strong>{notice.title}</strong>
          {notice.kind !== 'error' && notice.text ? <ClampedText key={notice.text} text={notice.text} className="notice-text" /> : null}
          {notice.kind === 'warn' && (
            <ul data-testid="load-warnings">
              {notice.lines.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
          {notice.kind === 'error' && (
            <ul>
              {notice.errors.slice(0, 8).map((e) => (
                <li key={`${e.field}:${e.message}`}>
                  <code>{e.field}</code>: {e.message}
                </li>
              ))}
            </ul>
          )}
          <button type="button" className="small" onClick={() => setNotice(null)} aria-label="Dismiss">
            ✕
          </button>
        </div>
      )}
      <main className="workspace">
        <Group orientation="horizontal">
          <Panel defaultSize="42" minSize="20">
            <section className="panel terminal-panel" aria-label="Terminal">
              <header>
                <h2>Terminal</h2>
                <span className="muted">
                  {shell ? 'try: ls -l /, seq 1 100 | grep 7, cpu 30 &, man ps · ' : 'no shell in this example · '}
                  <kbd>Alt+P</kbd> pause · <kbd>F1</kbd> keys
                </span>
              </header>
              <TerminalView api={api} store={store} theme={theme} onLostKeys={(lost) => setNotice({ kind: 'warn', title: lostKeysTitle(lost), lines: [lost.why] })} />
              {status && !status.playing && status.tick === 0 ? (
                <button type="button" className="start-hint" onClick={() => api.request({ cmd: 'play' })} data-testid="start-hint">
                  The machine is paused at tick 0. Press ▶ ({keysFor('play')}) to start it, or step through it tick by tick ({keysFor('step')}).
                </button>
              ) : null}
            </section>
          </Panel>
          <Separator className="separator vertical" />
          <Panel minSize="25">
            <Tabs
              key={shown.key}
              initial={shown.view?.tab}
              tabs={[
                {
                  id: 'scheduler',
                  label: 'Scheduler',
                  content: () => <SchedulerView api={api} store={store} />,
                },
                { id: 'memory', label: 'Memory', content: () => <MemoryView api={api} store={store} /> },
                {
                  id: 'files',
                  label: 'Files',
                  content: () => <FilesView api={api} store={store} />,
                },
                {
                  id: 'processes',
                  label: 'Processes',
                  content: () => (
                    <Group orientation="vertical">
                      <Panel defaultSize="52" minSize="15">
                        <Tabs
                          tabs={[
                            {
                              id: 'tree',
                              label: 'Process tree',
                              content: () => (
                                <PanelBox title="Process tree" note="parent → child · ★ = the terminal's foreground group · click to select">
                                  <ProcessTreeView store={store} />
                                </PanelBox>
                              ),
                            },
                            {
                              id: 'forklab',
                              label: 'fork.py lab',
                              content: () => (
                                <div className="panel scroll-panel">
                                  <ForkLab api={api} />
                                </div>
                              ),
                            },
                          ]}
                        />
                      </Panel>
                      <Separator className="separator horizontal" />
                      <Panel minSize="20">
                        <Tabs
                          initial={shown.view?.tab === 'processes' ? shown.view.lower : undefined}
                          tabs={[
                            { id: 'table', label: 'Process table', content: () => <ProcessTable api={api} store={store} /> },
                            {
                              id: 'ipc',
                              label: 'Pipes, signals, IPC',
                              content: () => <IpcPanel store={store} initial={shown.view?.tab === 'processes' && shown.view.lower === 'ipc' ? shown.view.ipc : undefined} />,
                            },
                            {
                              id: 'events',
                              label: 'Kernel events',
                              content: () => (
                                <div className="panel scroll-panel flush">
                                  <EventLogView store={store} />
                                </div>
                              ),
                            },
                          ]}
                        />
                      </Panel>
                    </Group>
                  ),
                },
              ]}
            />
          </Panel>
        </Group>
      </main>
      <Timeline api={api} store={store} />
    </div>
  );
}
