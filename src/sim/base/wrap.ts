/**
 * Breaking a line of text between words for a terminal of a given width. Programs use it
 * through programs/layout.ts; the kernel uses it for the few lines it writes to the
 * terminal itself (the power-cycle notice), so neither ever breaks a word.
 */

/**
 * Breaks `line` between words into lines no wider than `width`; each line after the first
 * starts with `indent` spaces (at most half the width). A word is never split: one longer
 * than the width stands alone on its line, with no indent before it.
 */
export function wrapLine(line: string, width: number, indent = 0): string[] {
  if (line.length <= width) return [line];
  const pad = ' '.repeat(Math.min(indent, Math.floor(width / 2)));
  const out: string[] = [];
  let rest = line;
  while (rest.length > width) {
    const lead = rest.length - rest.trimStart().length;
    const firstEnd = rest.indexOf(' ', lead);
    const firstWord = (firstEnd < 0 ? rest.length : firstEnd) - lead;
    if (lead > 0 && lead + firstWord > width) {
      // The indent would push the first word past the edge: drop the indent instead.
      rest = rest.trimStart();
      continue;
    }
    let cut = rest.lastIndexOf(' ', width);
    if (cut <= lead) cut = firstEnd;
    if (cut < 0) break;
    out.push(rest.slice(0, cut).trimEnd());
    const tail = rest.slice(cut).trimStart();
    if (tail === '') return out;
    rest = pad + tail;
  }
  out.push(rest);
  return out;
}
