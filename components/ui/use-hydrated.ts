"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/**
 * False in the server render and until React has hydrated, true after. Forms whose submit runs in
 * JavaScript keep their button disabled until then, so a click or typing that lands before
 * hydration is never lost or mixed with the initial state.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
