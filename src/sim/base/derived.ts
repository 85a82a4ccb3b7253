/**
 * A derived index: a fast structure computed from a piece of plain state and kept beside
 * it, never inside it. The state stays the only truth (what snapshots, patches, replay and
 * the renderer see); the index is a cache that may be dropped at any moment and rebuilt
 * from the state alone, so it can never change an answer, only how fast it is found.
 *
 * The rules (docs/ARCHITECTURE.md, "Derived indexes"):
 * - It is keyed by the identity of the state object it indexes. A frozen snapshot never
 *   changes, and a clone, a restored snapshot or an immer draft is a new object, so each
 *   of those simply builds its own index on first use.
 * - Every function that mutates the indexed state updates the index in the same call;
 *   nothing else may mutate that state (the subsystem owns it).
 * - `isCurrent` is a cheap guard (a count, say) checked on every lookup: an index that
 *   disagrees with it is thrown away and rebuilt.
 * - The subsystem's consistency check compares the live index with one rebuilt from the
 *   state, and the property tests run that check after every operation.
 */
export interface DerivedIndex<S extends object, I> {
  /** The index of `state`, built now if there is none or the one kept is not current. */
  of(state: S): I;
  /** The index kept for `state`, if any, without building one (for consistency checks). */
  peek(state: S): I | undefined;
  /** Builds a fresh index of `state` without keeping it. */
  build(state: S): I;
}

export function derivedIndex<S extends object, I>(build: (state: S) => I, isCurrent: (index: I, state: S) => boolean): DerivedIndex<S, I> {
  const kept = new WeakMap<S, I>();
  return {
    of(state) {
      let index = kept.get(state);
      if (index === undefined || !isCurrent(index, state)) {
        index = build(state);
        kept.set(state, index);
      }
      return index;
    },
    peek: (state) => kept.get(state),
    build,
  };
}
