/**
 * Tab belongs to the shell (completion), so on its own it cannot also move focus, and a
 * keyboard user would be shut in the terminal. Escape then Tab (or Shift+Tab) leaves it, as
 * editors that take Tab do: the handler lets that one Tab go to the page instead of xterm.
 * The Escape itself still reaches the shell, which takes a lone Escape as the Escape key.
 */
export function leaveWithEscapeTab(): (e: KeyboardEvent) => boolean {
  let escaped = false;
  return (e) => {
    if (e.type !== 'keydown' || ['Shift', 'Control', 'Alt', 'Meta'].includes(e.key)) return true;
    const leave = escaped && e.key === 'Tab';
    escaped = e.key === 'Escape';
    return !leave;
  };
}
