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
    return { file, name: m.name || file, description: m.description, json };
  })
  .sort((a, b) => a.file.localeCompare(b.file, 'en', { numeric: true }));
