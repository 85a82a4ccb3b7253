/** `conform <sim>` or `conform <sim> --batch` (either order), or null for anything else. */
export function plainConform(argv: readonly string[]): { sim: string; batch: boolean } | null {
  if (argv[0] !== 'conform' || argv.length < 2 || argv.length > 3) return null;
  const rest = argv.slice(1);
  const batch = rest.includes('--batch');
  const names = rest.filter((a) => a !== '--batch');
  if (names.length !== 1 || rest.length !== names.length + (batch ? 1 : 0) || names[0].startsWith('-')) return null;
  return { sim: names[0], batch };
}
