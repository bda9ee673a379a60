import { lazy, Suspense, type ComponentType } from 'react';
import { Loading } from 'react-admin';

/**
 * A resource screen loaded on first visit (the initial bundle's budget, issue 5), behind a Suspense
 * boundary of its own. Being new on each navigation, the boundary shows its spinner at once: the
 * page being left does not linger on screen (as it would under a boundary higher up, which
 * React keeps showing during the router's transition) while the screen's chunk arrives.
 */
export function lazyScreen(load: () => Promise<ComponentType>): ComponentType {
  const Screen = lazy(async () => ({ default: await load() }));
  // biome-ignore lint/correctness/noComponentHookFactories: made once per resource when App.tsx is loaded, never during a render
  function LazyScreen() {
    return (
      <Suspense fallback={<Loading />}>
        <Screen />
      </Suspense>
    );
  }
  return LazyScreen;
}
