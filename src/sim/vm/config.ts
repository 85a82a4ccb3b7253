import { ONLINE_POLICIES, type ReplacementPolicy } from './replacement.ts';
import { tlbConfigError } from './tlb.ts';
import { VM_SCHEMES, type VmConfig } from './types.ts';

/**
 * The machine's virtual-memory settings. The defaults are small enough to see whole: a
 * 16 KB address space of 1 KB pages (16 pages), 16 KB of physical memory (16 frames), an
 * 8-entry TLB and the clock.
 */
export const DEFAULT_VM_CONFIG: VmConfig = {
  scheme: 'linear',
  pageSize: 1024,
  addressSpaceSize: 16384,
  physMemSize: 16384,
  levels: 2,
  tlb: { entries: 8, ways: 8, replacement: 'lru', asids: true },
  policy: 'CLOCK',
  useBits: 1,
  wsWindow: 32,
  pffHigh: 250,
  pffLow: 50,
  swapSlots: 64,
  lowWater: 0,
  highWater: 0,
  diskTicks: 4,
  codePages: 2,
  stackPages: 4,
};

const isPow2 = (x: number): boolean => Number.isInteger(x) && x > 0 && (x & (x - 1)) === 0;

export type VmConfigInput = Partial<Omit<VmConfig, 'tlb'>> & { tlb?: Partial<VmConfig['tlb']> };

/** Fills in defaults and checks the whole; the error names the setting that is wrong. */
export function resolveVmConfig(input: VmConfigInput = {}): VmConfig | { error: string } {
  const c: VmConfig = { ...DEFAULT_VM_CONFIG, ...input, tlb: { ...DEFAULT_VM_CONFIG.tlb, ...(input.tlb ?? {}) } };
  if (!VM_SCHEMES.includes(c.scheme)) return { error: `vm.scheme must be one of ${VM_SCHEMES.join(', ')}` };
  if (!isPow2(c.pageSize) || c.pageSize < 16 || c.pageSize > 65536) return { error: 'vm.pageSize must be a power of two from 16 to 65536' };
  if (!isPow2(c.addressSpaceSize) || c.addressSpaceSize < 4 * c.pageSize || c.addressSpaceSize > 2 ** 30) {
    return { error: 'vm.addressSpaceSize must be a power of two of at least 4 pages and at most 1 GB' };
  }
  if (!Number.isInteger(c.physMemSize) || c.physMemSize % c.pageSize !== 0 || c.physMemSize < c.pageSize) {
    return { error: 'vm.physMemSize must be a whole number of pages' };
  }
  if (c.physMemSize / c.pageSize > 4096) return { error: 'vm.physMemSize may hold at most 4096 frames' };
  if (c.addressSpaceSize / c.pageSize > 65536) return { error: 'vm.addressSpaceSize may hold at most 65536 pages' };
  if (!Number.isInteger(c.levels) || c.levels < 2 || c.levels > 4) return { error: 'vm.levels must be 2, 3 or 4' };
  const tlbError = tlbConfigError(c.tlb);
  if (tlbError) return { error: `vm.${tlbError}` };
  if (!ONLINE_POLICIES.includes(c.policy as ReplacementPolicy)) {
    return { error: `vm.policy must be one of ${ONLINE_POLICIES.join(', ')} (OPT and UNOPT need the future: use the compare mode)` };
  }
  if (!Number.isInteger(c.useBits) || c.useBits < 1 || c.useBits > 4) return { error: 'vm.useBits must be 1, 2, 3 or 4' };
  if (!Number.isInteger(c.wsWindow) || c.wsWindow < 1) return { error: 'vm.wsWindow must be an integer >= 1' };
  if (!Number.isInteger(c.pffLow) || !Number.isInteger(c.pffHigh) || c.pffLow < 0 || c.pffHigh < c.pffLow || c.pffHigh > 1000) {
    return { error: 'vm.pffLow and vm.pffHigh (faults per 1000 accesses) must satisfy 0 <= pffLow <= pffHigh <= 1000' };
  }
  if (!Number.isInteger(c.swapSlots) || c.swapSlots < 0 || c.swapSlots > 65536) return { error: 'vm.swapSlots must be an integer from 0 to 65536' };
  const frames = c.physMemSize / c.pageSize;
  if (!Number.isInteger(c.lowWater) || !Number.isInteger(c.highWater) || c.lowWater < 0 || c.highWater < c.lowWater || c.highWater > frames) {
    return { error: 'vm.lowWater and vm.highWater must satisfy 0 <= lowWater <= highWater <= frames' };
  }
  if (!Number.isInteger(c.diskTicks) || c.diskTicks < 0) return { error: 'vm.diskTicks must be an integer >= 0' };
  const pages = c.addressSpaceSize / c.pageSize;
  if (!Number.isInteger(c.codePages) || c.codePages < 1) return { error: 'vm.codePages must be an integer >= 1' };
  if (!Number.isInteger(c.stackPages) || c.stackPages < 1) return { error: 'vm.stackPages must be an integer >= 1' };
  if (1 + c.codePages + c.stackPages > pages) return { error: 'vm.codePages and vm.stackPages do not fit in the address space (page 0 stays unmapped)' };
  if (c.scheme === 'segmentation' && (c.codePages > pages / 4 || c.stackPages > pages / 4)) {
    return { error: 'vm.codePages and vm.stackPages must each fit in a quarter of the address space (one segment)' };
  }
  // Without paging a process is placed whole, so memory must at least hold init and the login shell.
  const image = c.scheme === 'base-bounds' ? c.codePages + 2 * c.stackPages : c.codePages + c.stackPages;
  if (c.scheme !== 'linear' && c.scheme !== 'multilevel' && 2 * image > frames) {
    return { error: `vm.physMemSize must hold at least two processes of ${image} pages under ${c.scheme}` };
  }
  return c;
}
