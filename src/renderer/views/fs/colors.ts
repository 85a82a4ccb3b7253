import type { CellState } from '../../../sim/fs/selectors.ts';
import type { RegionName } from '../../../sim/fs/types.ts';

/** One hue per region of the disk, as the block map, legend and inspector show them. */
export const REGION_COLORS: Record<RegionName, string> = {
  super: '#d2a8ff',
  'inode-bitmap': '#f0883e',
  'data-bitmap': '#e3b341',
  'inode-table': '#58a6ff',
  journal: '#bc8cff',
  data: '#3fb950',
  swap: '#f778ba',
};

export const REGION_LABELS: Record<RegionName, string> = {
  super: 'superblock',
  'inode-bitmap': 'inode bitmap',
  'data-bitmap': 'data bitmap',
  'inode-table': 'inode table',
  journal: 'journal',
  data: 'data',
  swap: 'swap partition',
};

export const STATE_LABELS: Record<CellState, string> = {
  free: 'free',
  used: 'in use',
  dirty: 'dirty (in the cache, not yet on disk)',
  journal: 'live in the journal',
};
