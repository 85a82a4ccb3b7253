/**
 * Text from the simulated machine on its way to the host's own terminal. A program or a
 * scenario must not be able to drive that terminal: OSC 52 writes the host's clipboard,
 * other sequences set its title, query it or redefine keys. Printable text, line ends,
 * tabs and backspace pass unchanged; so does colour (SGR), and in `interactive` mode the
 * cursor movement and erasing a line editor needs. Every other control character is shown
 * in caret notation (ESC as ^[), so it is visible and inert.
 */
export function escapeForTerminal(text: string, mode: 'report' | 'interactive' = 'report'): string {
  let out = '';
  let plainFrom = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!isControl(c) || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x08 || (c === 0x07 && mode === 'interactive')) continue;
    if (c === 0x1b) {
      const csi = CSI_AFTER_ESC.exec(text.slice(i + 1, i + 64));
      if (csi && allowed(csi[1], mode)) {
        i += csi[0].length;
        continue;
      }
    }
    out += text.slice(plainFrom, i) + caret(c);
    plainFrom = i + 1;
  }
  return plainFrom === 0 ? text : out + text.slice(plainFrom);
}

/** What follows ESC in a control sequence: `[`, its parameters, and the final byte. */
const CSI_AFTER_ESC = /^\[[0-?]*[ -/]*([@-~])/;

/** Colour always; in interactive mode also cursor movement, erasing and screen modes. */
function allowed(final: string, mode: 'report' | 'interactive'): boolean {
  return final === 'm' || (mode === 'interactive' && 'ABCDEFGHJKPXhlr@'.includes(final));
}

function isControl(c: number): boolean {
  return c < 0x20 || c === 0x7f || (c >= 0x80 && c <= 0x9f);
}

function caret(c: number): string {
  if (c === 0x7f) return '^?';
  if (c < 0x20) return `^${String.fromCharCode(c + 64)}`;
  return `\\x${c.toString(16)}`;
}
