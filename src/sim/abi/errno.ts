/**
 * POSIX error numbers. A syscall that fails returns the negative errno, the way the
 * Linux system-call ABI does, so a result is "a value or an error" without exceptions.
 */
export const EPERM = 1;
export const ENOENT = 2;
export const ESRCH = 3;
export const EINTR = 4;
export const EIO = 5;
export const E2BIG = 7;
export const EBADF = 9;
export const ECHILD = 10;
export const EAGAIN = 11;
export const ENOMEM = 12;
export const EACCES = 13;
export const EFAULT = 14;
export const EBUSY = 16;
export const EEXIST = 17;
export const EXDEV = 18;
export const ENOTDIR = 20;
export const EISDIR = 21;
export const EINVAL = 22;
export const ENFILE = 23;
export const EMFILE = 24;
export const ENOTTY = 25;
export const EFBIG = 27;
export const ENOSPC = 28;
export const ESPIPE = 29;
export const EROFS = 30;
export const EMLINK = 31;
export const EPIPE = 32;
export const ERANGE = 34;
export const EDEADLK = 35;
export const ENAMETOOLONG = 36;
export const ENOSYS = 38;
export const ENOTEMPTY = 39;
export const ELOOP = 40;
export const ENOMSG = 42;
export const EIDRM = 43;

export type Errno = number;

const NAMES: Record<number, [string, string]> = {
  [EPERM]: ['EPERM', 'Operation not permitted'],
  [ENOENT]: ['ENOENT', 'No such file or directory'],
  [ESRCH]: ['ESRCH', 'No such process'],
  [EINTR]: ['EINTR', 'Interrupted system call'],
  [EIO]: ['EIO', 'Input/output error'],
  [E2BIG]: ['E2BIG', 'Argument list too long'],
  [EBADF]: ['EBADF', 'Bad file descriptor'],
  [ECHILD]: ['ECHILD', 'No child processes'],
  [EAGAIN]: ['EAGAIN', 'Resource temporarily unavailable'],
  [ENOMEM]: ['ENOMEM', 'Cannot allocate memory'],
  [EACCES]: ['EACCES', 'Permission denied'],
  [EFAULT]: ['EFAULT', 'Bad address'],
  [EBUSY]: ['EBUSY', 'Device or resource busy'],
  [EEXIST]: ['EEXIST', 'File exists'],
  [EXDEV]: ['EXDEV', 'Invalid cross-device link'],
  [ENOTDIR]: ['ENOTDIR', 'Not a directory'],
  [EISDIR]: ['EISDIR', 'Is a directory'],
  [EINVAL]: ['EINVAL', 'Invalid argument'],
  [ENFILE]: ['ENFILE', 'Too many open files in system'],
  [EMFILE]: ['EMFILE', 'Too many open files'],
  [ENOTTY]: ['ENOTTY', 'Inappropriate ioctl for device'],
  [EFBIG]: ['EFBIG', 'File too large'],
  [ENOSPC]: ['ENOSPC', 'No space left on device'],
  [ESPIPE]: ['ESPIPE', 'Illegal seek'],
  [EROFS]: ['EROFS', 'Read-only file system'],
  [EMLINK]: ['EMLINK', 'Too many links'],
  [EPIPE]: ['EPIPE', 'Broken pipe'],
  [ERANGE]: ['ERANGE', 'Numerical result out of range'],
  [EDEADLK]: ['EDEADLK', 'Resource deadlock avoided'],
  [ENAMETOOLONG]: ['ENAMETOOLONG', 'File name too long'],
  [ENOSYS]: ['ENOSYS', 'Function not implemented'],
  [ENOTEMPTY]: ['ENOTEMPTY', 'Directory not empty'],
  [ELOOP]: ['ELOOP', 'Too many levels of symbolic links'],
  [ENOMSG]: ['ENOMSG', 'No message of desired type'],
  [EIDRM]: ['EIDRM', 'Identifier removed'],
};

/** "ENOENT" for 2 (or -2). */
export function errnoName(e: number): string {
  return NAMES[Math.abs(e)]?.[0] ?? `E${Math.abs(e)}`;
}

/** "No such file or directory" for 2 (or -2), as strerror(3) says it. */
export function strerror(e: number): string {
  return NAMES[Math.abs(e)]?.[1] ?? `Unknown error ${Math.abs(e)}`;
}
