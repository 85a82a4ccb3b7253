/**
 * The shape of a manual page, and the OSTEP chapters that pages point to. A page is data;
 * man.ts lays it out.
 */

export interface ManPage {
  name: string;
  /** What the NAME section says after the dash. */
  summary: string;
  synopsis: string[];
  /** Paragraphs. */
  description: string[];
  /** [the option as written, what it does]. */
  options: Array<[string, string]>;
  /** [a command line, what it shows]. */
  examples: Array<[string, string]>;
  seeAlso: string[];
  /** The OSTEP chapters (by number) that explain what the command shows. */
  ostep: number[];
  /** Where the command differs from its GNU or Linux namesake, and why. */
  notes?: string[];
  /** A shell builtin rather than a program. */
  builtin?: boolean;
}

/** Chapter titles of "Operating Systems: Three Easy Pieces" (Arpaci-Dusseau), version 1.10. */
export const OSTEP_CHAPTERS: Record<number, string> = {
  2: 'Introduction to Operating Systems',
  4: 'The Abstraction: The Process',
  5: 'Interlude: Process API',
  6: 'Mechanism: Limited Direct Execution',
  7: 'Scheduling: Introduction',
  8: 'Scheduling: The Multi-Level Feedback Queue',
  9: 'Scheduling: Proportional Share',
  10: 'Multiprocessor Scheduling (Advanced)',
  13: 'The Abstraction: Address Spaces',
  14: 'Interlude: Memory API',
  15: 'Mechanism: Address Translation',
  16: 'Segmentation',
  17: 'Free-Space Management',
  18: 'Paging: Introduction',
  19: 'Paging: Faster Translations (TLBs)',
  20: 'Paging: Smaller Tables',
  21: 'Beyond Physical Memory: Mechanisms',
  22: 'Beyond Physical Memory: Policies',
  26: 'Concurrency: An Introduction',
  30: 'Condition Variables',
  31: 'Semaphores',
  32: 'Common Concurrency Problems',
  36: 'I/O Devices',
  39: 'Interlude: Files and Directories',
  40: 'File System Implementation',
  42: 'Crash Consistency: FSCK and Journaling',
};
