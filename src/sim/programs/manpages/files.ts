import type { ManPage } from './types.ts';

/** Pages for the commands that work on files, directories and the file system. */
export const FILE_PAGES: ManPage[] = [
  {
    name: 'ls',
    summary: 'list directory contents',
    synopsis: ['ls [-1aAdFilrRSt] [FILE]...'],
    description: [
      'For each FILE that is a directory, ls lists the names in it; for each other FILE it lists the FILE itself. With no FILE it lists the current directory. Names are sorted in byte order (as with LC_ALL=C), and names that start with a dot are hidden unless -a or -A is given.',
      'Files named on the command line come first, then each directory, with a "name:" header when there is more than one thing to list. On a terminal the names are laid out in columns (as wide as $COLUMNS, 80 by default), filled down and then across; otherwise one name is printed on each line.',
      'A directory is a list of (name, inode number) pairs. ls -i shows those inode numbers: two names with the same number are hard links to the same file.',
    ],
    options: [
      ['-1', 'one name per line, even on a terminal'],
      ['-a, --all', 'include names that start with a dot, "." and ".." among them'],
      ['-A, --almost-all', 'like -a, but without "." and ".."'],
      ['-d, --directory', 'list directories themselves, not their contents'],
      ['-F, --classify', 'append / to directory names'],
      ['-i, --inode', 'print each file\'s inode number first'],
      ['-l', 'long format: type and mode, link count, size in bytes, modification time in ticks, name. A "total" line first gives the blocks the listed files use, in units of 1024 bytes'],
      ['-r, --reverse', 'reverse the order'],
      ['-R, --recursive', 'list subdirectories too'],
      ['-S', 'sort by size, largest first'],
      ['-t', 'sort by modification time, newest first'],
    ],
    examples: [
      ['ls -l /', 'the top-level directories with their link counts: a directory has 2 links plus one per subdirectory'],
      ['ls -ai /tmp', 'every entry with its inode number, including . and .., which are real entries'],
      ['touch a; ln a b; ls -i', 'a and b show the same inode number: two names, one file'],
    ],
    seeAlso: ['stat', 'ln', 'df', 'fsck'],
    ostep: [39, 40],
    notes: [
      'The simulated file system has no owners, permissions or wall clock. ls -l therefore shows a fixed mode for each type (drwxr-xr-x, -rw-r--r--, crw-rw-rw-), leaves out the owner and group columns, and gives the modification time as the tick at which the file last changed.',
    ],
  },
  {
    name: 'cat',
    summary: 'concatenate files and print on the standard output',
    synopsis: ['cat [-AbEnsTv] [FILE]...'],
    description: [
      'cat copies each FILE, in order, to standard output. With no FILE, or when FILE is -, it reads standard input. It reads with read(2) and writes with write(2) in chunks of up to 4096 bytes, which the file-system view shows as block reads.',
      'A FILE that cannot be opened or read is reported (cat: nosuch: No such file or directory) and cat goes on with the next one; the exit status is then 1.',
    ],
    options: [
      ['-n, --number', 'number every output line, the count running on across files'],
      ['-b, --number-nonblank', 'number the lines that are not empty'],
      ['-s, --squeeze-blank', 'print one empty line for each run of them'],
      ['-E, --show-ends', 'print $ at the end of each line'],
      ['-T, --show-tabs', 'print tabs as ^I'],
      ['-v, --show-nonprinting', 'print control characters as ^X and bytes above 127 as M-x'],
      ['-A, --show-all', 'the same as -vET'],
    ],
    examples: [
      ['cat /tmp/notes', 'print a file'],
      ['cat -n a b', 'both files, lines numbered 1, 2, 3, ... across the two'],
      ['cat > /tmp/f', 'copy what you type into a file; end with ^D on a line of its own'],
    ],
    seeAlso: ['head', 'tail', 'tee', 'wc'],
    ostep: [39],
  },
  {
    name: 'mkdir',
    summary: 'make directories',
    synopsis: ['mkdir [-pv] DIRECTORY...'],
    description: [
      'mkdir makes each DIRECTORY with the mkdir(2) system call. A new directory holds two entries, "." (itself) and ".." (its parent), so it starts with a link count of 2 and adds one to its parent\'s count.',
    ],
    options: [
      ['-p, --parents', 'make missing parent directories too, and do not complain about one that exists'],
      ['-v, --verbose', 'say what was made'],
    ],
    examples: [
      ['mkdir /tmp/d', 'one directory'],
      ['mkdir -p /home/me/src/lab1', 'the whole path, one mkdir(2) per missing name'],
    ],
    seeAlso: ['rmdir', 'ls', 'stat'],
    ostep: [39, 40],
  },
  {
    name: 'rmdir',
    summary: 'remove empty directories',
    synopsis: ['rmdir [-pv] DIRECTORY...'],
    description: ['rmdir removes each DIRECTORY with rmdir(2), which refuses unless the directory holds nothing but "." and "..".'],
    options: [
      ['-p, --parents', 'then remove each parent named in the operand: rmdir -p a/b/c removes a/b/c, a/b and a'],
      ['-v, --verbose', 'say what is removed'],
    ],
    examples: [['rmdir /tmp/d', 'fails with "Directory not empty" until the files in it are gone']],
    seeAlso: ['mkdir', 'rm'],
    ostep: [39],
  },
  {
    name: 'rm',
    summary: 'remove files or directories',
    synopsis: ['rm [-dfrRv] FILE...'],
    description: [
      'rm removes each FILE\'s name with unlink(2). The file itself is freed only when its last name is gone and no process has it open: until then the inode and its blocks stay, as OSTEP explains for unlink.',
      'rm does not remove directories unless -r or -d is given.',
    ],
    options: [
      ['-f, --force', 'ignore files that do not exist, and never complain about a missing operand'],
      ['-r, -R, --recursive', 'remove directories and everything in them'],
      ['-d, --dir', 'remove empty directories'],
      ['-v, --verbose', 'say what is removed'],
      ['--no-preserve-root', 'allow rm -r /'],
    ],
    examples: [
      ['rm /tmp/a', 'remove one name; ls -l of another hard link shows the link count go down'],
      ['rm -r /tmp/d', 'the directory and everything below it, depth first'],
    ],
    seeAlso: ['rmdir', 'ln', 'ls'],
    ostep: [39],
  },
  {
    name: 'touch',
    summary: 'create files, or update their modification time',
    synopsis: ['touch [-c] FILE...'],
    description: [
      'For each FILE that does not exist, touch creates an empty file with open(2) (O_CREAT). For one that exists, it sets the modification time to the current tick.',
    ],
    options: [
      ['-c, --no-create', 'do not create files that do not exist'],
      ['-a, -m', 'accepted; there is only one time to set'],
    ],
    examples: [['touch /tmp/a /tmp/b', 'two empty files: two inodes, no data blocks yet']],
    seeAlso: ['ls', 'stat'],
    ostep: [39],
    notes: [
      'There is no utimes(2) system call, so touch sets the time by truncating the file to its own size, which changes nothing but the times. A directory\'s times cannot be set that way and are left alone.',
    ],
  },
  {
    name: 'cp',
    summary: 'copy files and directories',
    synopsis: ['cp [-anrRv] SOURCE DEST', 'cp [-anrRv] SOURCE... DIRECTORY'],
    description: [
      'cp copies the bytes of SOURCE into DEST, read(2) by write(2): the copy is a new inode with its own data blocks, unlike a hard link. When the last operand is a directory, each SOURCE is copied into it under its own name.',
    ],
    options: [
      ['-r, -R, --recursive', 'copy directories and everything in them'],
      ['-a, --archive', 'the same as -r here (there are no owners or permissions to keep)'],
      ['-n, --no-clobber', 'do not overwrite a file that exists'],
      ['-v, --verbose', 'say what is copied'],
    ],
    examples: [
      ['cp a b; ls -i a b', 'two different inode numbers, unlike ln a b'],
      ['cp -r /home/me /tmp/backup', 'a whole tree'],
    ],
    seeAlso: ['mv', 'ln'],
    ostep: [39],
  },
  {
    name: 'mv',
    summary: 'move (rename) files',
    synopsis: ['mv [-fnv] SOURCE DEST', 'mv [-fnv] SOURCE... DIRECTORY'],
    description: [
      'mv renames SOURCE to DEST with rename(2). No data is copied: only directory entries change, and the file keeps its inode number. rename(2) is atomic, which is why programs save a file by writing a temporary one and renaming it over the old (OSTEP chapter 39).',
      'When the last operand is a directory, each SOURCE moves into it under its own name.',
    ],
    options: [
      ['-n, --no-clobber', 'do not replace a file that exists'],
      ['-f, --force', 'accepted; mv never asks'],
      ['-v, --verbose', 'say what is renamed'],
    ],
    examples: [['mv /tmp/a /tmp/b; ls -i /tmp', 'b has the inode number that a had']],
    seeAlso: ['cp', 'ln'],
    ostep: [39],
  },
  {
    name: 'ln',
    summary: 'make hard links between files',
    synopsis: ['ln [-fv] TARGET LINK_NAME', 'ln [-fv] TARGET', 'ln [-fv] TARGET... DIRECTORY'],
    description: [
      'ln gives the file TARGET another name with link(2): a new directory entry that refers to the same inode, whose link count goes up by one. Both names are equal; the file is freed only when the last one is removed. With one operand the link goes in the current directory under TARGET\'s name.',
      'A directory cannot be hard-linked: that could make a cycle in the tree.',
    ],
    options: [
      ['-f, --force', 'remove a LINK_NAME that exists first'],
      ['-v, --verbose', 'say what is linked'],
      ['-s, --symbolic', 'refused: the file system has no symbolic links'],
    ],
    examples: [
      ['echo hi > a; ln a b; ls -li', 'a and b share one inode, whose link count is 2'],
      ['rm a; cat b', 'the data is still there through the other name'],
    ],
    seeAlso: ['ls', 'rm', 'stat'],
    ostep: [39],
    notes: ['Symbolic links are not supported: ln -s fails with "Operation not supported".'],
  },
  {
    name: 'stat',
    summary: 'display file status',
    synopsis: ['stat [-c FORMAT] FILE...'],
    description: [
      'stat prints what stat(2) returns for each FILE: the size, the blocks it uses, the inode number, the link count, the type and the three times (access, modification, change), which here are ticks.',
    ],
    options: [
      ['-c, --format=FORMAT', 'print FORMAT for each file instead, with a newline: %n name, %N quoted name, %s size, %b blocks, %B block size, %i inode, %h links, %F type, %A mode, %X %Y %Z access, modification and change ticks, %t device number, %% a percent sign'],
      ['--printf=FORMAT', 'like -c, without the newline'],
    ],
    examples: [
      ['stat /tmp', 'a directory\'s inode: note the link count'],
      ['stat -c "%i %h %n" a b', 'inode, links and name on one line each'],
    ],
    seeAlso: ['ls', 'df'],
    ostep: [39, 40],
    notes: ['Blocks are counted in the file system\'s own blocks (see "IO Block"), not in 512-byte units. There is no device, owner or permission line, since the simulated system has none.'],
  },
  {
    name: 'df',
    summary: 'report file system disk space usage',
    synopsis: ['df [-hiT] [FILE]...'],
    description: [
      'df shows, from statfs(2), how much of the disk\'s data region is used and free. The space is counted in data blocks, the region after the superblock, the bitmaps, the inode table and the journal; df -i counts inodes instead. Both come from the allocation bitmaps.',
      'There is one file system, mounted on /, so every FILE is on it.',
    ],
    options: [
      ['-h, --human-readable', 'sizes such as 12K'],
      ['-i, --inodes', 'inodes instead of blocks'],
      ['-T, --print-type', 'add a Type column'],
      ['-k', 'sizes in 1024-byte blocks (the default)'],
    ],
    examples: [
      ['df', 'blocks used and free'],
      ['df -i; touch /tmp/x; df -i', 'one more inode in use'],
    ],
    seeAlso: ['stat', 'fsck', 'sync', 'free'],
    ostep: [40],
    notes: ['The file system is called "rootfs" and its type "vsfs", after OSTEP\'s very simple file system.'],
  },
  {
    name: 'sync',
    summary: 'write cached data to the disk',
    synopsis: ['sync [FILE]...'],
    description: [
      'sync calls sync(2): every dirty buffer in the cache goes to the disk, the open journal transaction commits, and the journal is checkpointed (its blocks written to their home locations). After sync, pulling the plug loses nothing.',
    ],
    options: [],
    examples: [['echo data > /tmp/f; sync', 'the block view shows the writes reach the disk']],
    seeAlso: ['fsck', 'df'],
    ostep: [40, 42],
    notes: ['Naming FILEs only checks that they exist; the whole file system is always synced.'],
  },
  {
    name: 'fsck',
    summary: 'check and repair the file system',
    synopsis: ['fsck [-n | -y]'],
    description: [
      'fsck checks the file system\'s invariants and prints each problem it finds: block pointers outside the data region or claimed twice; bitmaps that disagree with the inodes; "." and ".." entries; entries that name free inodes; inodes in use that no directory reaches (reconnected in /lost+found); and link counts that do not match the entries. This is the classic check that a journal makes unnecessary after a crash (OSTEP chapter 42).',
      'Without -y it only reports. With -y it repairs what it finds, writing around the journal, and syncs.',
    ],
    options: [
      ['-n, --no', 'check only (the default)'],
      ['-y, --yes, -p, -a', 'repair'],
    ],
    examples: [
      ['fsck', 'a clean file system says "clean"'],
      ['fsck -y', 'after a crash with journaling off: repair the damage'],
    ],
    seeAlso: ['sync', 'df', 'ls'],
    ostep: [42],
    notes: ['The exit status is e2fsck\'s: 0 clean, 1 problems were repaired, 4 problems remain, 8 an operational error, 16 a usage error.'],
  },
];
