import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_PAGE, appFile, isAppPage, staysInApp } from '../../src/main/app-protocol.ts';

const root = '/opt/glassbox/renderer';

describe('the app:// scheme', () => {
  it('serves files inside the renderer folder', () => {
    expect(appFile(APP_PAGE, root)).toBe(join(root, 'index.html'));
    expect(appFile('app://glassbox/assets/index-1.js', root)).toBe(join(root, 'assets/index-1.js'));
    expect(appFile('app://glassbox/assets/a%20b.css', root)).toBe(join(root, 'assets/a b.css'));
    // The URL parser takes dot segments, encoded or not, before the path is read: they cannot climb out.
    expect(appFile('app://glassbox/%2e%2e/%2e%2e/etc/passwd', root)).toBe(join(root, 'etc/passwd'));
  });

  it.each([
    ['another host', 'app://evil/index.html'],
    ['a host that only starts the same', 'app://glassbox.evil/index.html'],
    ['an encoded slash climbing out', 'app://glassbox/..%2f..%2fsecret'],
    ['a malformed escape', 'app://glassbox/%E0%A4%A'],
    ['a NUL', 'app://glassbox/index.html%00.js'],
    ['the folder itself', 'app://glassbox/'],
    ['another scheme', 'file:///etc/passwd'],
    ['no URL at all', 'not a url'],
  ])('refuses %s', (_what, url) => {
    expect(appFile(url, root)).toBe(null);
  });

  it('lets pages, frames and redirects go only within the app', () => {
    expect(staysInApp('app://glassbox/index.html#x')).toBe(true);
    for (const url of ['https://example.com/', 'app://evil/', 'app://glassbox.evil/', 'file:///', 'javascript:alert(1)', 'data:text/html,x', '']) {
      expect(staysInApp(url)).toBe(false);
    }
  });

  it('answers IPC only from its own page', () => {
    expect(isAppPage(APP_PAGE)).toBe(true);
    expect(isAppPage(`${APP_PAGE}#section`)).toBe(true);
    expect(isAppPage('app://glassbox/other.html')).toBe(false);
    expect(isAppPage('https://example.com/')).toBe(false);
    expect(isAppPage(undefined)).toBe(false);
  });
});
