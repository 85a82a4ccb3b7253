/**
 * Path names as strings, with the rules of POSIX basename(1) and dirname(1). These are
 * pure: nothing here asks the file system whether a name exists.
 */

/** The last name in a path: "/a/b/" -> "b", "/" -> "/", "" -> "". */
export function baseName(path: string): string {
  if (path === '') return '';
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '') return '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** Everything before the last name: "a/b" -> "a", "a" -> ".", "/a" -> "/", "//" -> "/". */
export function dirName(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '') return path.startsWith('/') ? '/' : '.';
  const slash = trimmed.lastIndexOf('/');
  if (slash < 0) return '.';
  const dir = trimmed.slice(0, slash).replace(/\/+$/, '');
  return dir === '' ? '/' : dir;
}

/** `dir/name`, without doubling a slash. */
export function joinPath(dir: string, name: string): string {
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}

/** The absolute form of a path, with "." and ".." folded by name (as the kernel folds chdir). */
export function absolutePath(cwd: string, path: string): string {
  const parts: string[] = [];
  for (const name of `${path.startsWith('/') ? '' : cwd}/${path}`.split('/')) {
    if (name === '' || name === '.') continue;
    if (name === '..') parts.pop();
    else parts.push(name);
  }
  return `/${parts.join('/')}`;
}

/** Is `inner` the directory `outer` or somewhere beneath it (both absolute)? */
export function isWithin(outer: string, inner: string): boolean {
  return inner === outer || inner.startsWith(outer === '/' ? '/' : `${outer}/`);
}
