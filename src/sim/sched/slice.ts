/** One stretch of time a process held a CPU: a bar on the Gantt chart. */
export interface Slice {
  pid: number;
  /** The program's name, kept so the lane is labelled after the process is gone. */
  name: string;
  cpu: number;
  start: number;
  end: number;
  /** Why it was dispatched. */
  why: string;
  /** Why it stopped running (filled in when the slice ends). */
  until?: string;
  /**
   * Absent for a stretch of the process running. 'switch': a context switch to `pid`
   * (charged to nobody). 'io': `pid` waiting for an I/O device (cpu is -1, the device; I/O
   * slices of different processes may overlap).
   */
  kind?: 'switch' | 'io' | 'wait';
}
