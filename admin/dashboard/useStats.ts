import { useEffect, useState } from 'react';
import { useDataProvider } from 'react-admin';
import type { RecurDataProvider } from '../providers/dataProvider';
import type { Stats } from '../types';

export type Loaded<T> = { data: T; error: null } | { data: undefined; error: string | null };

/** One /api/stats series, loaded once per mount (the dashboard is a look, not a live feed). */
export function useStats<K extends keyof Stats>(series: K): Loaded<Stats[K]> {
  const dataProvider = useDataProvider<RecurDataProvider>();
  const [state, setState] = useState<Loaded<Stats[K]>>({ data: undefined, error: null });
  useEffect(() => {
    let current = true;
    dataProvider.stats(series).then(
      (data) => current && setState({ data, error: null }),
      (error: unknown) => current && setState({ data: undefined, error: error instanceof Error ? error.message : 'Could not load' }),
    );
    return () => {
      current = false;
    };
  }, [dataProvider, series]);
  return state;
}
