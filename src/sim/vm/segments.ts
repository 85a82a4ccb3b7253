/**
 * Relocation without pages: base and bounds (one contiguous region per process) and
 * segmentation (a base and a limit per segment, chosen by the top bits of the address).
 * The kernel translates with these when the machine's scheme is `base-bounds` or
 * `segmentation`, and OSTEP's relocation.py and segmentation.py problems go through them.
 */
export interface BaseBounds {
  base: number;
  /** Size of the region: an address is valid iff va < bounds. */
  bounds: number;
}

export interface Relocation {
  va: number;
  valid: boolean;
  pa: number | null;
}

export function translateBaseBounds(r: BaseBounds, va: number): Relocation {
  return va < r.bounds ? { va, valid: true, pa: r.base + va } : { va, valid: false, pa: null };
}

/** One segment register. A segment that grows down has its base at its top (OSTEP's convention). */
export interface SegmentRegister {
  base: number;
  limit: number;
  growsDown: boolean;
}

/**
 * `offset` is the address's offset inside the segment's slice of the address space and
 * `maxSize` that slice's size. Growing up: valid iff offset < limit, pa = base + offset.
 * Growing down: the offset is taken from the slice's top (offset - maxSize, a negative
 * number), valid iff its size is within the limit, and pa = base + that negative offset.
 */
export function translateInSegment(seg: SegmentRegister, offset: number, maxSize: number): number | null {
  if (!seg.growsDown) return offset < seg.limit ? seg.base + offset : null;
  const neg = offset - maxSize;
  return -neg <= seg.limit ? seg.base + neg : null;
}

export interface TwoSegmentTranslation extends Relocation {
  segment: 0 | 1;
}

/**
 * OSTEP's two-segment model: the lower half of the address space (code and heap) grows
 * up from seg0.base; the upper half (the stack) grows down from seg1.base. The halves meet
 * at A/2 by real division, so for an odd A the split falls between two addresses.
 */
export function translateTwoSegments(addressSpaceSize: number, seg0: SegmentRegister, seg1: SegmentRegister, va: number): TwoSegmentTranslation {
  const half = addressSpaceSize / 2;
  const segment = va >= half ? 1 : 0;
  const pa = segment === 0 ? translateInSegment(seg0, va, half) : translateInSegment(seg1, va - half, addressSpaceSize - half);
  return { va, segment, valid: pa !== null, pa };
}

/**
 * The general scheme of OSTEP chapter 16: the top `selectorBits` of a `vaBits`-bit address
 * name the segment (code 0, heap 1, stack 3 with two bits), the rest is the offset.
 * `segments[n]` is null for a selector with no segment.
 */
export interface SegmentedTranslation {
  va: number;
  segment: number;
  offset: number;
  valid: boolean;
  pa: number | null;
}

export function translateSegmented(segments: readonly (SegmentRegister | null)[], vaBits: number, selectorBits: number, va: number): SegmentedTranslation {
  const offsetBits = vaBits - selectorBits;
  const maxSize = 2 ** offsetBits;
  const segment = Math.floor(va / maxSize);
  const offset = va % maxSize;
  const seg = segments[segment] ?? null;
  const pa = seg ? translateInSegment(seg, offset, maxSize) : null;
  return { va, segment, offset, valid: pa !== null, pa };
}
