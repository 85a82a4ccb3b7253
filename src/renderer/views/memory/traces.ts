/** The example traces in resources/traces, bundled as text. */
const FILES = import.meta.glob('../../../../resources/traces/*.{ops,rep}', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export interface ExampleTrace {
  name: string;
  text: string;
  /** The first comment line, as a one-line description. */
  about: string;
}

export const EXAMPLE_TRACES: ExampleTrace[] = Object.entries(FILES)
  .map(([path, text]) => ({
    name: path.slice(path.lastIndexOf('/') + 1),
    text,
    about: /^#\s*(.+)$/m.exec(text)?.[1] ?? '',
  }))
  .sort((a, b) => a.name.localeCompare(b.name));
