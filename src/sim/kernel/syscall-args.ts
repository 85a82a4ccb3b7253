/**
 * Checks on a syscall's arguments, which come from a program and may be anything: a
 * handler that finds one wrong answers EINVAL (or EBADF for a descriptor) and does nothing.
 */

export const isInt = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n);

/** An integer that arithmetic keeps exact (sizes, keys and pointers). */
export const isSafeInt = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n);

/** A byte count or similar: a whole number, not negative. */
export const isCount = (n: unknown): n is number => isInt(n) && n >= 0;
