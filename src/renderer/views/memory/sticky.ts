import { useEffect, useState } from 'react';

const kept = new Map<string, unknown>();

/**
 * useState that outlives the component: the Memory tab's trace, mode and lab settings
 * survive switching to another tab and back (only the active tab is mounted).
 */
export function useSticky<T>(key: string, initial: T): [T, React.Dispatch<React.SetStateAction<T>>] {
  const [value, setValue] = useState<T>(() => (kept.has(key) ? (kept.get(key) as T) : initial));
  useEffect(() => {
    kept.set(key, value);
  }, [key, value]);
  return [value, setValue];
}

/** Sets what a sticky value starts from the next time its component mounts (an example opening on its view). */
export function setSticky<T>(key: string, value: T): void {
  kept.set(key, value);
}
