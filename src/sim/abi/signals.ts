/** Signal numbers, as Linux on x86 numbers them. */
export const SIGHUP = 1;
export const SIGINT = 2;
export const SIGQUIT = 3;
export const SIGILL = 4;
export const SIGABRT = 6;
export const SIGKILL = 9;
export const SIGUSR1 = 10;
export const SIGSEGV = 11;
export const SIGUSR2 = 12;
export const SIGPIPE = 13;
export const SIGALRM = 14;
export const SIGTERM = 15;
export const SIGCHLD = 17;
export const SIGCONT = 18;
export const SIGSTOP = 19;
export const SIGTSTP = 20;
export const SIGTTIN = 21;
export const SIGTTOU = 22;
export const SIGWINCH = 28;
export const NSIG = 32;

const NAMES: Record<number, string> = {
  [SIGHUP]: 'HUP',
  [SIGINT]: 'INT',
  [SIGQUIT]: 'QUIT',
  [SIGILL]: 'ILL',
  [SIGABRT]: 'ABRT',
  [SIGKILL]: 'KILL',
  [SIGUSR1]: 'USR1',
  [SIGSEGV]: 'SEGV',
  [SIGUSR2]: 'USR2',
  [SIGPIPE]: 'PIPE',
  [SIGALRM]: 'ALRM',
  [SIGTERM]: 'TERM',
  [SIGCHLD]: 'CHLD',
  [SIGCONT]: 'CONT',
  [SIGSTOP]: 'STOP',
  [SIGTSTP]: 'TSTP',
  [SIGTTIN]: 'TTIN',
  [SIGTTOU]: 'TTOU',
  [SIGWINCH]: 'WINCH',
};

export type MaskHow = 'block' | 'unblock' | 'setmask';

export type DefaultAction = 'terminate' | 'stop' | 'continue' | 'ignore';

export function defaultAction(sig: number): DefaultAction {
  switch (sig) {
    case SIGCHLD:
    case SIGWINCH:
      return 'ignore';
    case SIGSTOP:
    case SIGTSTP:
    case SIGTTIN:
    case SIGTTOU:
      return 'stop';
    case SIGCONT:
      return 'continue';
    default:
      return 'terminate';
  }
}

/** "SIGINT" for 2. */
export function signalName(sig: number): string {
  return `SIG${NAMES[sig] ?? sig}`;
}

/** Parses "INT", "SIGINT", "int" or "2"; returns null if it names no signal. */
export function parseSignal(text: string): number | null {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return n >= 1 && n < NSIG ? n : null;
  }
  const name = text.toUpperCase().replace(/^SIG/, '');
  for (const [num, nm] of Object.entries(NAMES)) if (nm === name) return Number(num);
  return null;
}

/** The words a shell prints for a job killed or stopped by `sig`. */
export function signalDescription(sig: number): string {
  switch (sig) {
    case SIGINT:
      return 'Interrupt';
    case SIGKILL:
      return 'Killed';
    case SIGTERM:
      return 'Terminated';
    case SIGSEGV:
      return 'Segmentation fault';
    case SIGPIPE:
      return 'Broken pipe';
    case SIGQUIT:
      return 'Quit';
    case SIGHUP:
      return 'Hangup';
    case SIGSTOP:
    case SIGTSTP:
    case SIGTTIN:
    case SIGTTOU:
      return 'Stopped';
    default:
      return signalName(sig);
  }
}

/** Every signal name known, for `kill -l`. */
export function signalList(): Array<[number, string]> {
  return Object.entries(NAMES).map(([n, name]) => [Number(n), `SIG${name}`]);
}
