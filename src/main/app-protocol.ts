import { join, normalize, sep } from 'node:path';

/**
 * The desktop app's own origin and the rules for it, kept apart from Electron so they can
 * be tested: pages come from app://glassbox/, a privileged standard scheme that reaches
 * nothing but the built renderer's folder, and no page may leave it.
 */
export const APP_ORIGIN = 'app://glassbox';
export const APP_PAGE = `${APP_ORIGIN}/index.html`;

/**
 * The file an app:// request names inside `rendererDir`, or null when it names anything
 * else: another host, a path that climbs out (`..`, encoded or not), or a malformed
 * percent-escape.
 */
export function appFile(requestUrl: string, rendererDir: string): string | null {
  let url: URL;
  let path: string;
  try {
    url = new URL(requestUrl);
    path = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (url.protocol !== 'app:' || url.host !== 'glassbox' || path.includes('\0')) return null;
  const root = normalize(rendererDir);
  const prefix = root.endsWith(sep) ? root : root + sep;
  const file = normalize(join(root, path));
  return file.startsWith(prefix) && file.length > prefix.length ? file : null;
}

/** Whether a page, a frame or a redirect may go to `url`: only within the app's origin. */
export function staysInApp(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'app:' && u.host === 'glassbox';
  } catch {
    return false;
  }
}

/** Whether a frame's URL is the app's page (the only sender whose IPC is answered). */
export function isAppPage(frameUrl: string | undefined): boolean {
  return frameUrl !== undefined && frameUrl.split('#')[0] === APP_PAGE;
}
