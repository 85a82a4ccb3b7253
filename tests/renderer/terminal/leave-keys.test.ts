import { describe, expect, it } from 'vitest';
import { leaveWithEscapeTab } from '../../../src/renderer/terminal/leave-keys.ts';

const key = (k: string, type = 'keydown') => ({ key: k, type }) as KeyboardEvent;

describe('leaving the terminal with the keyboard', () => {
  it('Tab alone goes to the shell; Escape then Tab goes to the page', () => {
    const handle = leaveWithEscapeTab();
    expect(handle(key('Tab'))).toBe(true);
    expect(handle(key('Escape'))).toBe(true);
    expect(handle(key('Tab'))).toBe(false);
    // Only the one Tab after an Escape leaves.
    expect(handle(key('Tab'))).toBe(true);
  });

  it('Shift held for Shift+Tab does not cancel the Escape, and any other key does', () => {
    const handle = leaveWithEscapeTab();
    handle(key('Escape'));
    expect(handle(key('Shift'))).toBe(true);
    expect(handle(key('Tab'))).toBe(false);
    handle(key('Escape'));
    handle(key('a'));
    expect(handle(key('Tab'))).toBe(true);
    // A key's release is not a press.
    handle(key('Escape'));
    handle(key('Escape', 'keyup'));
    expect(handle(key('Tab'))).toBe(false);
  });
});
