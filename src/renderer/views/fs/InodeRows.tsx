import { permString } from '../../../sim/abi/fs.ts';
import type { InodeRow } from '../../../sim/fs/selectors.ts';

/** Block pointers as the tables show them: the direct ones in use, then the indirect block. */
export function pointers(direct: number[], indirect: number): string {
  const d = direct.filter((b) => b !== 0);
  return [...d, ...(indirect ? [`ind ${indirect}`] : [])].join(' ') || '—';
}

/** Inodes as a table; free slots are dimmed. `showOpen` adds how many open files hold each, `names` the paths that name each. */
export function InodeRows({
  inodes,
  showOpen = false,
  names,
  testId,
}: {
  inodes: InodeRow[];
  showOpen?: boolean;
  names?: Record<number, string[]>;
  testId?: string;
}) {
  return (
    <table className="compact" data-testid={testId}>
      <thead>
        <tr>
          <th className="num">inode</th>
          {names ? <th title="The paths that name this inode (more than one for a hard link)">name</th> : null}
          <th>type</th>
          <th>mode</th>
          <th className="num">links</th>
          <th className="num">size</th>
          <th className="num">mtime</th>
          <th>blocks</th>
          {showOpen ? <th className="num">open</th> : null}
        </tr>
      </thead>
      <tbody>
        {inodes.map((i) => {
          const free = i.type === 'free';
          return (
            <tr key={i.inum} className={free ? 'muted' : undefined}>
              <td className="num">{i.inum}</td>
              {names ? <InodeNames paths={Object.hasOwn(names, i.inum) ? names[i.inum] : []} /> : null}
              <td>{i.type}</td>
              <td className="mono" title={free ? undefined : `0${i.mode.toString(8)}`}>
                {free ? '' : permString(i.mode)}
              </td>
              <td className="num">{free ? '' : i.nlink}</td>
              <td className="num">{free ? '' : i.size}</td>
              <td className="num">{free ? '' : i.mtime}</td>
              <td className="mono">{free ? '' : pointers(i.direct, i.indirect)}</td>
              {showOpen ? <td className="num">{i.openRefs || ''}</td> : null}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function InodeNames({ paths }: { paths: string[] }) {
  if (paths.length === 0) return <td />;
  return (
    <td className="mono inode-name" title={paths.join('\n')}>
      {paths[0]}
      {paths.length > 1 ? <span className="muted"> +{paths.length - 1}</span> : null}
    </td>
  );
}
