import type { LabMetric } from '../../../sim/labs/memory.ts';
import { bytes, percent, plural } from './format.ts';

/** The figures the metrics panel and the compare grid show, in one place so both read alike. */
export type Figures = Record<LabMetric, number>;

export interface MetricRow {
  key: string;
  label: string;
  /** What it means, for a tooltip. */
  about: string;
  value: (m: Figures, heapSize: number) => string;
  /** For comparing configurations: the number that decides which is best, and which way. */
  rank?: { of: (m: Figures) => number; better: 'lower' | 'higher' };
}

export const METRIC_ROWS: MetricRow[] = [
  {
    key: 'inUse',
    label: 'in use',
    about: 'Bytes held by allocated blocks: payload, headers and padding.',
    value: (m, size) => `${bytes(m.inUse)} of ${bytes(size)}`,
  },
  {
    key: 'overhead',
    label: 'payload · headers · padding',
    about: 'Of the bytes in use: what programs asked for, block headers, and alignment padding or remainders too small to split off.',
    value: (m) => `${m.payload} · ${m.headerBytes} · ${m.paddingBytes} B`,
  },
  {
    key: 'internalFragmentation',
    label: 'internal fragmentation',
    about: '(headers + padding) / bytes in use: the share of allocated memory that is not payload.',
    value: (m) => percent(m.internalFragmentation),
    rank: { of: (m) => m.internalFragmentation, better: 'lower' },
  },
  {
    key: 'freeBytes',
    label: 'free',
    about: 'Free bytes, and the number of free blocks they are split into.',
    value: (m) => `${bytes(m.freeBytes)} in ${plural(m.freeBlocks, 'block')}`,
  },
  {
    key: 'largestFree',
    label: 'largest free block',
    about: 'The biggest request that could still succeed is about this size (less a header).',
    value: (m) => bytes(m.largestFree),
    rank: { of: (m) => m.largestFree, better: 'higher' },
  },
  {
    key: 'externalFragmentation',
    label: 'external fragmentation',
    about: '1 − largest free block / total free: how much free memory is unusable for one large request.',
    value: (m) => percent(m.externalFragmentation),
    rank: { of: (m) => m.externalFragmentation, better: 'lower' },
  },
  {
    key: 'lastSearched',
    label: 'last search',
    about: 'Free-list elements the latest allocation examined (and all allocations so far).',
    value: (m) => `${plural(m.lastSearched, 'block')} (${m.totalSearched.toLocaleString('en')} in all)`,
    rank: { of: (m) => m.totalSearched, better: 'lower' },
  },
  {
    key: 'utilisation',
    label: 'peak utilisation',
    about: 'Peak payload / heap size: how much of the arena the workload ever put to use.',
    value: (m) => percent(m.utilisation),
  },
  {
    key: 'failed',
    label: 'failed requests',
    about: 'malloc and realloc calls that found no free block large enough (ENOMEM).',
    value: (m) => String(m.failed),
    rank: { of: (m) => m.failed, better: 'lower' },
  },
];
