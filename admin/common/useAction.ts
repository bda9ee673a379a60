import { useState } from 'react';
import { useDataProvider, useNotify, useRefresh } from 'react-admin';
import type { RecurDataProvider } from '../providers/dataProvider';

interface ActionOptions<T> {
  /** the notification once the server answered; what the outcome was, in words */
  success: (result: T) => { message: string; type?: 'success' | 'info' | 'warning' | 'error' };
  onDone?: (result: T) => void;
}

function messageOf(error: unknown): string {
  return error instanceof Error && error.message ? error.message : 'The action failed';
}

/**
 * Runs one of the data provider's actions: a flag while it runs (buttons disable themselves on
 * it, so a second click cannot send a second request), the outcome or the server's refusal as a
 * notification, and a refresh so the row on screen shows what the server now holds.
 */
export function useAction<Args extends unknown[], T>(run: (provider: RecurDataProvider, ...args: Args) => Promise<T>, options: ActionOptions<T>) {
  const dataProvider = useDataProvider<RecurDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [running, setRunning] = useState(false);

  async function execute(...args: Args): Promise<T | undefined> {
    setRunning(true);
    try {
      const result = await run(dataProvider, ...args);
      const { message, type = 'success' } = options.success(result);
      notify(message, { type });
      options.onDone?.(result);
      return result;
    } catch (error) {
      notify(messageOf(error), { type: 'error' });
      return undefined;
    } finally {
      setRunning(false);
      refresh();
    }
  }
  return { execute, running };
}
