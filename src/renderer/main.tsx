import '@xterm/xterm/css/xterm.css';
import './styles.css';
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
