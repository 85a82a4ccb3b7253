import type { TreeNode } from '../../../sim/fs/selectors.ts';

/**
 * Every path that names each inode, from the directory tree, in the tree's order: an inode
 * table that gave only numbers would leave the student to find which file inode 37 is.
 * A hard-linked file has more than one; a free or unreachable inode has none.
 */
export function namesByInode(root: TreeNode): Record<number, string[]> {
  const names: Record<number, string[]> = {};
  const visit = (n: TreeNode) => {
    if (!Object.hasOwn(names, n.inum)) names[n.inum] = [];
    names[n.inum].push(n.path);
    n.children.forEach(visit);
  };
  visit(root);
  return names;
}
