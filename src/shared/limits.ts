/** Size limits shared by the host and the page (kept apart so the page imports no validation library). */

/**
 * The one limit on a file the UI opens (a scenario or a disk image), stated in its menus.
 * A 64 MiB disk in base64 is about 90 MB; images that large are for the command line.
 */
export const MAX_FILE_BYTES = 20_000_000;
export const MAX_SCENARIO_BYTES = MAX_FILE_BYTES;
export const MAX_DISK_IMAGE_BYTES = MAX_FILE_BYTES;
/** How many branches a session's timeline keeps (see main/branches.ts), the current one among them. */
export const MAX_BRANCHES = 32;
/** The limit as people read it: "20 MB". */
export const MAX_FILE_LABEL = `${MAX_FILE_BYTES / 1_000_000} MB`;
/**
 * The largest message a transport carries: a file at the limit inside a command, with room
 * for JSON's escaping of its quotes and newlines. The server closes a connection that sends
 * more with code 1009 before reading it; the client refuses to send one.
 */
export const MAX_MESSAGE_BYTES = Math.ceil(MAX_FILE_BYTES * 1.5) + 65_536;
