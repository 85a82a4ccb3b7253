/**
 * Electron IPC channel names. Kept apart from protocol.ts so the sandboxed preload, which
 * is bundled on its own, pulls in no validation library.
 */
export const IPC_REQUEST = 'glassbox:request';
export const IPC_EVENT = 'glassbox:event';
export const IPC_OPEN_SCENARIO = 'glassbox:open-scenario';
export const IPC_SAVE_TEXT = 'glassbox:save-text';
export const IPC_OPEN_DISK_IMAGE = 'glassbox:open-disk-image';
