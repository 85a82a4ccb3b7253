import { useMemo, useState } from 'react';
import { Group, Panel, Separator } from 'react-resizable-panels';
import type { GlassboxApi } from '../../../shared/protocol.ts';
import type { StatFs } from '../../../sim/abi/fs.ts';
import { fsStatfs } from '../../../sim/fs/dir-ops.ts';
import { regionOf } from '../../../sim/fs/layout.ts';
import {
  blockMap,
  decodeBlock,
  directoryTree,
  inodeTable,
  journalView,
  lastOperation,
  openFilesView,
  type TreeNode,
} from '../../../sim/fs/selectors.ts';
import { swapBlockInUse } from '../../../sim/vm/swap.ts';
import { useSelection } from '../../model/selection.ts';
import { type Store, useMirror } from '../../model/store.ts';
import { PanelBox } from '../PanelBox.tsx';
import { Tabs } from '../Tabs.tsx';
import { BlockInspector } from './BlockInspector.tsx';
import { BlockMap } from './BlockMap.tsx';
import { CrashPanel } from './CrashPanel.tsx';
import { namesByInode } from './inode-names.ts';
import { InodeRows } from './InodeRows.tsx';
import { REGION_LABELS } from './colors.ts';

/** The file system: the block map and a block's contents, with the journal, inodes, directories and open files beside. */
export function FilesView({ api, store }: { api: GlassboxApi; store: Store }) {
  const fs = useMirror(store, (m) => m.state?.fs);
  const procs = useMirror(store, (m) => m.state?.procs);
  const files = useMirror(store, (m) => m.state?.files);
  const lastFsck = useMirror(store, (m) => m.state?.lastFsck ?? null);
  const vm = useMirror(store, (m) => m.state?.vm);
  const [block, setBlock] = useState<number | null>(null);

  const cells = useMemo(() => (fs ? blockMap(fs, (b) => (vm ? swapBlockInUse(vm, fs.dev.blockSize, b - fs.layout.blocks) : false)) : []), [fs, vm]);
  const op = useMemo(() => (fs ? lastOperation(fs) : null), [fs]);
  const order = useMemo(() => {
    const m = new Map<number, { n: number; kind: 'read' | 'write' }[]>();
    op?.io.forEach((r, i) => {
      if (!m.has(r.block)) m.set(r.block, []);
      m.get(r.block)!.push({ n: i + 1, kind: r.kind });
    });
    return m;
  }, [op]);
  if (!fs || !procs || !files) return null;
  const shown = block !== null && block < fs.dev.blockCount ? block : null;

  return (
    <Group orientation="vertical">
      <Panel defaultSize="52" minSize="20">
        <PanelBox
          title="Disk · block map"
          note={`${fs.layout.blocks} blocks × ${fs.layout.blockSize} B${fs.dev.blockCount > fs.layout.blocks ? ` + ${fs.dev.blockCount - fs.layout.blocks} of swap` : ''} · journal: ${fs.journal.mode} · ${usageNote(fsStatfs(fs))}`}
          bodyClassName="fs-top"
        >
            <BlockMap cells={cells} order={order} selected={shown} onSelect={setBlock} />
            <div className="last-op" data-testid="last-op">
              <h3>Last operation</h3>
              {op?.op ? (
                <>
                  <p className="mono">{op.op}</p>
                  <ol>
                    {op.io.slice(0, 40).map((r, i) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: the I/O list is in issue order and never reordered.
                      <li key={i} className={r.kind}>
                        {r.kind === 'read' ? 'read' : 'write'} {r.block} <span className="muted">({REGION_LABELS[regionOf(fs.layout, r.block)]}{r.disk ? '' : ', cache'})</span>
                      </li>
                    ))}
                  </ol>
                  {op.io.length > 40 || op.dropped ? <p className="muted">… {op.io.length - 40 + op.dropped} more</p> : null}
                </>
              ) : (
                <p className="muted">None yet. Try, in the terminal: mkdir /tmp/d</p>
              )}
            </div>
        </PanelBox>
      </Panel>
      <Separator className="separator horizontal" />
      <Panel minSize="20">
        <Group orientation="horizontal">
          <Panel defaultSize="36" minSize="20">
            <PanelBox title="Block contents">
              {shown === null ? (
                <p className="empty">Click a block in the map to decode it: bitmap bits, inodes, directory entries, journal records or bytes.</p>
              ) : (
                <BlockInspector block={shown} region={regionOf(fs.layout, shown)} decoded={decodeBlock(fs, shown)} />
              )}
            </PanelBox>
          </Panel>
          <Separator className="separator vertical" />
          <Panel minSize="20">
            <Tabs
              tabs={[
                { id: 'crash', label: 'Journal & crash', content: () => <Scroll><CrashPanel api={api} journal={journalView(fs)} dev={fs.dev} fsck={lastFsck} /></Scroll> },
                { id: 'inodes', label: 'Inodes', content: () => <Scroll><InodeRows inodes={inodeTable(fs)} showOpen names={namesByInode(directoryTree(fs))} testId="inode-table" /></Scroll> },
                { id: 'tree', label: 'Directories', content: () => <Scroll><DirTree node={directoryTree(fs)} /></Scroll> },
                { id: 'open', label: 'Open files', content: () => <Scroll><OpenFiles view={openFilesView({ procs, files }, fs)} /></Scroll> },
              ]}
            />
          </Panel>
        </Group>
      </Panel>
    </Group>
  );
}

function Scroll({ children }: { children: React.ReactNode }) {
  return <div className="panel scroll-panel">{children}</div>;
}

function DirTree({ node }: { node: TreeNode }) {
  return (
    <ul className="dir-tree" data-testid="dir-tree">
      <DirNode node={node} />
    </ul>
  );
}

function DirNode({ node }: { node: TreeNode }) {
  const icon = node.type === 'dir' ? '📁' : node.type === 'chardev' ? '⚙' : node.type === 'symlink' ? '🔗' : '📄';
  return (
    <li className={node.type === 'symlink' ? 'symlink' : undefined}>
      <span className="mono">
        {icon} {node.name}
        {node.target !== undefined ? <span className="link-target"> → {node.target}</span> : null}
      </span>{' '}
      <span className="muted">
        inode {node.inum}
        {node.type === 'file' ? ` · ${node.size} B` : ''} · {node.nlink} link{node.nlink === 1 ? '' : 's'}
      </span>
      {node.children.length > 0 ? (
        <ul>
          {node.children.map((c) => (
            <DirNode key={c.path} node={c} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

function OpenFiles({ view }: { view: ReturnType<typeof openFilesView> }) {
  const [selected, select] = useSelection();
  return (
    <div className="open-files" data-testid="open-files">
      <div>
        <h3>Per-process fd tables</h3>
        {view.fdTables
          .filter((t) => t.fds.length > 0)
          .map((t) => (
            <div key={t.pid} className={`fd-table${selected === t.pid ? ' selected' : ''}`}>
              <button type="button" className="link" onClick={() => select(t.pid)}>
                pid {t.pid} {t.name}
              </button>
              <ul>
                {t.fds.map((f) => (
                  <li key={f.fd} className="mono">
                    fd {f.fd} → file {f.file}
                  </li>
                ))}
              </ul>
            </div>
          ))}
      </div>
      <div>
        <h3>Open-file table</h3>
        <ul>
          {view.files.map((f) => (
            <li key={f.id} className="mono">
              file {f.id}: {f.kind}
              {f.inum !== null ? ` → inode ${f.inum}` : ''} · {f.mode} · offset {f.offset} · {f.refs} ref{f.refs === 1 ? '' : 's'}
            </li>
          ))}
        </ul>
      </div>
      <div>
        <h3>In-memory inodes</h3>
        <ul>
          {view.inodes.length === 0 ? <li className="muted">none open</li> : null}
          {view.inodes.map((i) => (
            <li key={i.inum} className="mono">
              inode {i.inum} ({i.type}) · {i.refs} open · {i.nlink} link{i.nlink === 1 ? '' : 's'}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** What df counts, from the bitmaps: data blocks and inodes in use (after a crash they may name more than the inodes hold, until fsck). */
function usageNote(f: StatFs): string {
  return `in use: ${f.dataBlocks - f.freeBlocks} of ${f.dataBlocks} data blocks, ${f.inodes - f.freeInodes} of ${f.inodes} inodes`;
}
