import '@xterm/xterm/css/xterm.css';
// Each view's styles sit beside it; they are loaded here, in this order, because later
// rules may refine earlier ones (the theme's colours first, the page, then the views).
import './theme/theme.css';
import './app.css';
import './terminal/terminal.css';
import './widgets.css';
import './timeline/timeline.css';
import './views/tabs.css';
import './views/term.css';
import './views/process-table.css';
import './views/process-tree.css';
import './views/event-log.css';
import './views/fs/files.css';
import './views/sched/gantt.css';
import './views/sched/scheduler.css';
import './views/ipc.css';
import './views/memory/memory.css';
import './views/fork-lab.css';
import { createRoot } from 'react-dom/client';
import { connectApi } from './api.ts';
import { App } from './App.tsx';
import { createStore } from './model/store.ts';

const api = connectApi();
const store = createStore();
api.subscribe((e) => store.apply(e));
void api.request({ cmd: 'hello' }).then((r) => {
  if (r.ok) store.reset(r.result.state, r.result.status);
});

createRoot(document.getElementById('root')!).render(<App api={api} store={store} />);
