import { accessPage, createPageCache, REPLACEMENT_POLICIES, type ReplacementPolicy } from '../vm/replacement.ts';
import { parseHexPage, translateLinear, translateTwoLevel } from '../vm/translate.ts';

/** OSTEP paging solvers: page replacement, linear and two-level translation. */

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isNat = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;
const isPow2 = (x: unknown): x is number => isNat(x) && x > 0 && (x & (x - 1)) === 0;

/** paging-policy.py: the cache after every access, with hits, misses and the hit rate. */
export function solvePagingPolicy(input: unknown): unknown {
  if (!isObj(input)) return { error: 'input must be an object' };
  const { policy, cacheSize, addresses } = input;
  if (!REPLACEMENT_POLICIES.includes(policy as ReplacementPolicy)) return { error: `policy must be one of ${REPLACEMENT_POLICIES.join(', ')}` };
  if (!isNat(cacheSize) || cacheSize < 1) return { error: 'cacheSize must be an integer >= 1' };
  if (!Array.isArray(addresses) || !addresses.every(isNat)) return { error: 'addresses must be an array of page numbers' };
  const cache = createPageCache(policy as ReplacementPolicy, cacheSize);
  const accesses = addresses.map((page, i) => {
    const r = accessPage(cache, page, addresses.slice(i + 1));
    return { page, hit: r.hit, victim: r.victim, memory: [...cache.memory], hits: cache.hits, misses: cache.misses };
  });
  const total = cache.hits + cache.misses;
  return { accesses, hits: cache.hits, misses: cache.misses, hitRate: total ? (100 * cache.hits) / total : 0 };
}

/** paging-linear-translate.py: each virtual address through a linear page table. */
export function solvePagingLinear(input: unknown): unknown {
  if (!isObj(input)) return { error: 'input must be an object' };
  const { addressSpaceSize, physMemSize, pageSize, pageTable, addresses } = input;
  if (!isPow2(addressSpaceSize) || !isPow2(physMemSize) || !isPow2(pageSize)) return { error: 'sizes must be powers of two' };
  if (!Array.isArray(pageTable) || !pageTable.every((e) => e === null || isNat(e))) return { error: 'pageTable must hold PFNs or null' };
  if (pageTable.length !== addressSpaceSize / pageSize) return { error: `pageTable must have ${addressSpaceSize / pageSize} entries` };
  if (!Array.isArray(addresses) || !addresses.every((a) => isNat(a) && a < addressSpaceSize)) {
    return { error: 'addresses must be integers below addressSpaceSize' };
  }
  return { translations: addresses.map((va) => translateLinear(pageTable, pageSize, va)) };
}

/** paging-multilevel-translate.py: 32-byte pages, a page directory at pdbr, 15-bit addresses. */
export function solvePagingMultilevel(input: unknown): unknown {
  if (!isObj(input)) return { error: 'input must be an object' };
  const { pdbr, memory, addresses } = input;
  const pageSize = isNat(input.pageSize) ? input.pageSize : 32;
  const vaBits = isNat(input.vaBits) ? input.vaBits : 15;
  if (!isPow2(pageSize)) return { error: 'pageSize must be a power of two' };
  if (!Array.isArray(memory) || memory.some((p) => typeof p !== 'string')) return { error: 'memory must be an array of hex strings, one per page' };
  const pages = (memory as string[]).map(parseHexPage);
  const bad = pages.findIndex((p) => p === null || p.length !== pageSize);
  if (bad >= 0) return { error: `memory[${bad}] is not ${pageSize} bytes of hex` };
  if (!isNat(pdbr) || pdbr >= pages.length) return { error: 'pdbr must name a page of memory' };
  if (!Array.isArray(addresses) || !addresses.every((a) => isNat(a) && a < 2 ** vaBits)) return { error: `addresses must be ${vaBits}-bit` };
  const offsetBits = Math.log2(pageSize);
  const geometry = { pageSize, offsetBits, indexBits: (vaBits - offsetBits) / 2 };
  if (!Number.isInteger(geometry.indexBits)) return { error: 'vaBits minus the offset bits must split evenly between the two levels' };
  return { translations: addresses.map((va) => translateTwoLevel(pages as number[][], geometry, pdbr, va)) };
}
