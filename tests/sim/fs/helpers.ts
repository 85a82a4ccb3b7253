import { type FsGeometry, type FsOptions, type FsState, mkfs } from '../../../src/sim/fs/index.ts';

/** A fresh file system, failing the test if the geometry is refused. */
export function makeFs(geometry: Partial<FsGeometry> = {}, opts: Partial<FsOptions> = {}): FsState {
  const fs = mkfs(geometry, opts);
  if ('error' in fs) throw new Error(fs.error);
  return fs;
}
