/**
 * The renderer's Content-Security-Policy: only its own scripts, no eval, no plugins, no
 * framing, and network access only back to its own origin (the browser edition's
 * WebSocket). xterm.js sets inline styles, hence 'unsafe-inline' for styles only.
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
