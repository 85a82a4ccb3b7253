import { useEffect, useRef } from 'react';
import { SHORTCUTS } from './shortcuts.ts';

/** The keyboard help: every timeline shortcut, as a modal dialog that Escape closes. */
export function KeyHelp({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current!;
    const opener = document.activeElement as HTMLElement | null;
    d.showModal();
    return () => opener?.focus();
  }, []);
  return (
    <dialog ref={ref} className="key-help" aria-label="Keyboard shortcuts" data-testid="key-help" onClose={onClose}>
      <h2 className="key-help-title">Keyboard</h2>
      <p className="muted">These work while you type in the terminal. The plain keys work when the terminal does not have focus.</p>
      <table>
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.id} className="key-help-row">
              <td>
                <kbd>{s.keys}</kbd>
                {s.plain ? (
                  <>
                    {' '}
                    or <kbd>{s.plain}</kbd>
                  </>
                ) : null}
              </td>
              <td>{s.what}</td>
            </tr>
          ))}
          <tr className="key-help-row">
            <td>
              <kbd>←</kbd> <kbd>→</kbd>
            </td>
            <td>On a focused row of tabs: the previous or next tab</td>
          </tr>
          <tr className="key-help-row">
            <td>
              <kbd>Ctrl+C</kbd> <kbd>Ctrl+Z</kbd> <kbd>Ctrl+D</kbd>
            </td>
            <td>In the terminal, as in any shell: interrupt, stop, end of input</td>
          </tr>
          <tr className="key-help-row">
            <td>
              <kbd>Esc</kbd> then <kbd>Tab</kbd>
            </td>
            <td>Leave the terminal for the rest of the page (Tab alone completes a name; with Shift it goes back)</td>
          </tr>
        </tbody>
      </table>
      <form method="dialog">
        <button type="submit">
          Close
        </button>
      </form>
    </dialog>
  );
}
