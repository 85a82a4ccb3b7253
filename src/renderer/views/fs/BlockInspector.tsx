import type { DecodedBlock } from '../../../sim/fs/selectors.ts';
import type { RegionName } from '../../../sim/fs/types.ts';
import { InodeRows } from './InodeRows.tsx';
import { REGION_COLORS, REGION_LABELS } from './colors.ts';

/** A block's contents decoded by what it is: bits, inodes, entries, journal records, or bytes. */
export function BlockInspector({ block, region, decoded }: { block: number; region: RegionName; decoded: DecodedBlock }) {
  return (
    <div className="inspector" data-testid="block-inspector">
      <h3>
        <span className="swatch" style={{ background: REGION_COLORS[region] }} /> Block {block} · {REGION_LABELS[region]}
      </h3>
      <Contents d={decoded} />
    </div>
  );
}

function Contents({ d }: { d: DecodedBlock }) {
  switch (d.kind) {
    case 'superblock':
      return d.layout ? (
        <dl className="fields">
          <dt>block size</dt>
          <dd>{d.layout.blockSize} B</dd>
          <dt>blocks</dt>
          <dd>{d.layout.blocks}</dd>
          <dt>inodes</dt>
          <dd>{d.layout.inodes}</dd>
          <dt>inode bitmap</dt>
          <dd>{span(d.layout.inodeBitmap)}</dd>
          <dt>data bitmap</dt>
          <dd>{span(d.layout.dataBitmap)}</dd>
          <dt>inode table</dt>
          <dd>{span(d.layout.inodeTable)}</dd>
          <dt>journal</dt>
          <dd>{span(d.layout.journal)}</dd>
          <dt>data</dt>
          <dd>{span(d.layout.data)}</dd>
        </dl>
      ) : (
        <p className="problem">The superblock is damaged: {d.problem}</p>
      );
    case 'bitmap':
      return (
        <>
          <p className="muted">
            One bit per {d.of === 'inodes' ? 'inode' : 'data block'}: 1 = in use. Bits {d.first}–{d.first + d.bits.length - 1}.
          </p>
          <div className="bits" data-testid="bitmap-bits">
            {d.bits
              .map((b, i) => ({ b, n: d.first + i }))
              .map(({ b, n }) => (
                <span key={n} className={b ? 'on' : 'off'} title={`${d.of === 'inodes' ? 'inode' : 'data block'} ${n}: ${b ? 'in use' : 'free'}`}>
                  {b}
                </span>
              ))}
          </div>
        </>
      );
    case 'inodes':
      return <InodeRows inodes={d.inodes} />;
    case 'directory':
      return (
        <>
          <p className="muted">Directory entries of inode {d.owner}: name → inode number.</p>
          <table className="compact">
            <tbody>
              {d.entries.map((e) => (
                <tr key={`${e.name}:${e.inum}`}>
                  <td className="mono">{e.name}</td>
                  <td className="num">→ {e.inum}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      );
    case 'indirect':
      return (
        <p className="mono">
          Indirect block of inode {d.owner}: {d.pointers.filter((p) => p !== 0).join(', ') || 'no pointers yet'}
        </p>
      );
    case 'journal-super':
      return <p>Journal superblock: the log starts at sequence {d.seq ?? '?'} (block {d.start ?? '?'}).</p>;
    case 'journal-descriptor':
      return (
        <p>
          Transaction {d.seq} begins: it carries copies of blocks {d.blocks.join(', ') || '—'}
          {d.revoked.length ? `; revokes ${d.revoked.join(', ')}` : ''}.
        </p>
      );
    case 'journal-commit':
      return (
        <p>
          Commit block of transaction {d.seq} (checksum {d.checksum}): once this is on disk the transaction survives a crash.
        </p>
      );
    case 'journal-copy':
    case 'journal-free':
      return (
        <>
          <p className="muted">{d.kind === 'journal-copy' ? 'A block copy inside the journal.' : 'Free journal space (old contents).'}</p>
          <HexDump hex={d.hex} text={d.text} />
        </>
      );
    case 'file-data':
      return (
        <>
          <p className="muted">{d.owner === null ? 'Not owned by any inode.' : `File data of inode ${d.owner}.`}</p>
          <HexDump hex={d.hex} text={d.text} />
        </>
      );
    case 'swap':
      return (
        <>
          <p className="muted">Swap partition: part of a page the pager wrote out (outside the file system; fsck does not check it).</p>
          <HexDump hex={d.hex} text={d.text} />
        </>
      );
  }
}

function span(r: { start: number; count: number }): string {
  return r.count === 0 ? 'none' : r.count === 1 ? `block ${r.start}` : `blocks ${r.start}–${r.start + r.count - 1}`;
}

/** Hex and text side by side, 16 bytes a row; trailing all-zero rows are folded. */
function HexDump({ hex, text }: { hex: string; text: string }) {
  const rows: { off: number; hex: string; text: string }[] = [];
  for (let off = 0; off * 2 < hex.length; off += 16) {
    rows.push({ off, hex: hex.slice(off * 2, off * 2 + 32).replace(/(..)/g, '$1 ').trim(), text: text.slice(off, off + 16) });
  }
  let last = rows.length;
  while (last > 1 && /^(00 ?)+$/.test(rows[last - 1].hex)) last--;
  const shown = rows.slice(0, last);
  return (
    <pre className="hexdump" data-testid="hexdump">
      {shown.map((r) => `${r.off.toString(16).padStart(4, '0')}  ${r.hex.padEnd(47)}  ${r.text}`).join('\n')}
      {last < rows.length ? `\n…  ${(rows.length - last) * 16} more bytes of zeros` : ''}
    </pre>
  );
}
