import { BUILTIN_PAGES } from './builtins.ts';
import { FILE_PAGES } from './files.ts';
import { MEMORY_IPC_PAGES } from './memory-ipc.ts';
import { PROCESS_PAGES } from './process.ts';
import { SCRIPT_PAGES } from './scripting.ts';
import { TEXT_PAGES } from './text.ts';
import type { ManPage } from './types.ts';

export type { ManPage } from './types.ts';
export { OSTEP_CHAPTERS } from './types.ts';

/** Every manual page, by name: one for each program and each shell builtin. */
export const MANPAGES: Record<string, ManPage> = Object.fromEntries(
  [...FILE_PAGES, ...TEXT_PAGES, ...PROCESS_PAGES, ...MEMORY_IPC_PAGES, ...BUILTIN_PAGES, ...SCRIPT_PAGES].map((p) => [p.name, p]),
);
