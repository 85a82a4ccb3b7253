import type { BranchChange, BranchInfo } from '../../shared/protocol.ts';

/**
 * What the timeline says when a branch is made or switched to, in plain words. `opened` is
 * the name of the scenario the session is on now (what a load opened).
 */
export function branchNotice(c: BranchChange, opened: string): { text: string; back: number } {
  const kept = `ticks ${c.kind === 'fork' ? c.tick : 0}–${c.fromEnd}`;
  let text: string;
  if (c.kind === 'fork') text = `New branch ${c.branch} from tick ${c.tick}: the previous future (${kept}) is kept as branch ${c.from}.`;
  else if (c.kind === 'load') text = `Opened “${opened}” as branch ${c.branch}: the session you were in (“${c.fromScenario}”, ${kept}) is kept as branch ${c.from}.`;
  else text = `Now on branch ${c.branch} at tick ${c.tick}: branch ${c.from} (“${c.fromScenario}”, ticks 0–${c.fromEnd}) is kept.`;
  if (c.dropped !== null) text += ` Branch ${c.dropped}, the one left longest ago, was let go to keep memory bounded.`;
  return { text, back: c.from };
}

/** What a saved scenario file holds of the timeline's branches, or null when there is only one. */
export function savedBranches({ saved, leftOut }: { saved: number; leftOut: number }): string | undefined {
  const n = (k: number) => `${k} other branch${k === 1 ? '' : 'es'}`;
  const parts: string[] = [];
  if (saved > 0) parts.push(`It holds this branch and the ${n(saved)} of this run; opening it brings them back.`);
  if (leftOut > 0) parts.push(`${n(leftOut)} of another scenario ${leftOut === 1 ? 'is' : 'are'} not in it: switch to ${leftOut === 1 ? 'it' : 'one'} and save it on its own.`);
  return parts.length > 0 ? parts.join(' ') : undefined;
}

/** One branch as the switcher lists it: where it forks and ends, and what set it apart. */
export function branchRow(b: BranchInfo, currentScenario: string): { name: string; span: string; what: string } {
  const what = b.scenarioName === currentScenario ? b.cause : `${b.cause} · ${b.scenarioName}`;
  return { name: b.name, span: `tick ${b.forkTick} → ${b.endTick}`, what };
}
