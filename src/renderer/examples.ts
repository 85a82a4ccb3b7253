import type { IpcTab } from './views/IpcPanel.tsx';
/**
 * The scenario library (resources/scenarios), bundled into the app at build time so the
 * examples open without a file dialog. Names and descriptions are read from each file;
 * the host still validates whatever is loaded.
 */
const FILES = import.meta.glob('../../resources/scenarios/*.json', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export interface Example {
  file: string;
  name: string;
  description: string;
  json: string;
  /** The view that shows what the example is about, opened with it. */
  view: ExampleView;
}

/** A main tab, and for Memory and Processes the part of it to show. */
export type ExampleView =
  | { tab: 'scheduler' }
  | { tab: 'memory'; mode: 'kernel' | 'vm' }
  | { tab: 'files' }
  | { tab: 'processes'; lower: 'table' }
  | { tab: 'processes'; lower: 'ipc'; ipc: IpcTab };

/**
 * Where an example's subject is drawn, by the OSTEP chapter its file name starts with: an
 * example about the buddy allocator that opened on an empty Gantt chart would leave the
 * student to hunt for the heap.
 */
export function viewFor(file: string): ExampleView {
  const chapter = Number(/^(\d+)-/.exec(file)?.[1] ?? 0);
  if (file.includes('signals')) return { tab: 'processes', lower: 'ipc', ipc: 'signals' };
  if (file.includes('pipe')) return { tab: 'processes', lower: 'ipc', ipc: 'pipes' };
  if (chapter === 5) return { tab: 'processes', lower: 'table' };
  if (chapter >= 26 && chapter <= 34) return { tab: 'processes', lower: 'ipc', ipc: 'sysv' };
  if (chapter === 13 || chapter === 14 || chapter === 17) return { tab: 'memory', mode: 'kernel' };
  if (chapter >= 15 && chapter <= 24) return { tab: 'memory', mode: 'vm' };
  if (chapter >= 35 && chapter <= 45) return { tab: 'files' };
  return { tab: 'scheduler' };
}

function meta(json: string): { name: string; description: string } {
  try {
    const v = JSON.parse(json) as { name?: unknown; description?: unknown };
    return { name: typeof v.name === 'string' ? v.name : '', description: typeof v.description === 'string' ? v.description : '' };
  } catch {
    return { name: '', description: '' };
  }
}

export const EXAMPLES: Example[] = Object.entries(FILES)
  .map(([path, json]) => {
    const file = path.split('/').pop()!.replace(/\.json$/, '');
    const m = meta(json);
    return { file, name: m.name || file, description: m.description, json, view: viewFor(file) };
  })
  .sort((a, b) => a.file.localeCompare(b.file, 'en', { numeric: true }));
