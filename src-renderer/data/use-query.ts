// One query hook for the renderer's server state: `useQuery('leads.get', { customerId })` fetches,
// drops an answer the screen has moved past (another input, or unmounted), and fetches again when
// an event makes the answer stale (data/invalidation.ts), keeping what is shown meanwhile.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiInput, ApiOutput, ChannelName } from '../../shared/ipc/contract.ts';
import { client } from '../api/api.ts';
import { errorText } from '../lib/format.ts';
import { useInvalidation, type InvalidationOptions } from './use-invalidation.ts';

export interface QueryOptions extends InvalidationOptions {
  /** Keep showing the last answer while a new input loads (a filter changed), instead of nothing. */
  keepPrevious?: boolean;
}

export interface Query<T> {
  /** The latest answer for this input; undefined until it comes (or after a failure of the first load). */
  data: T | undefined;
  /** The failure of the latest load, in words, or null. */
  error: string | null;
  /** A load for this input is on its way and none has answered yet. */
  loading: boolean;
  /** Fetches again (after the screen changed something itself). */
  refetch(): void;
  /** Changes the answer on screen at once (an action's known effect; the next load confirms it). */
  mutate(change: (data: T) => T): void;
}

interface State<T> {
  key: string;
  data: T | undefined;
  error: string | null;
  loading: boolean;
}

/** The query's identity: its channel and input. `null` input: nothing to ask yet. */
export function queryKey(channel: ChannelName, input: unknown): string {
  return input === null ? '' : `${channel} ${JSON.stringify(input)}`;
}

export function useQuery<C extends ChannelName>(channel: C, input: ApiInput<C> | null, options: QueryOptions = {}): Query<ApiOutput<C>> {
  const key = queryKey(channel, input);
  const [state, setState] = useState<State<ApiOutput<C>>>({ key, data: undefined, error: null, loading: input !== null });
  const inputRef = useRef(input);
  inputRef.current = input;
  /** The latest load: an older answer arriving late is dropped. */
  const seq = useRef(0);

  const load = useCallback(() => {
    const current = inputRef.current;
    if (current === null) return;
    const mine = ++seq.current;
    client()
      .call(channel, current)
      .then(
        (data) => mine === seq.current && setState({ key, data, error: null, loading: false }),
        (err: unknown) => mine === seq.current && setState((s) => ({ ...s, key, error: errorText(err), loading: false })),
      );
  }, [channel, key]);

  const keepPrevious = options.keepPrevious ?? false;
  useEffect(() => {
    setState((s) => (s.key === key ? s : { key, data: keepPrevious ? s.data : undefined, error: null, loading: key !== '' }));
    load();
    return () => {
      seq.current++;
    };
  }, [key, load, keepPrevious]);

  useInvalidation(channel, input, load, options);

  const mutate = useCallback((change: (data: ApiOutput<C>) => ApiOutput<C>) => {
    setState((s) => (s.data === undefined ? s : { ...s, data: change(s.data) }));
  }, []);

  // Until the effect above has run for a new input, the state still holds the last input's answer.
  const fresh = state.key === key;
  return {
    data: fresh || keepPrevious ? state.data : undefined,
    error: fresh ? state.error : null,
    loading: fresh ? state.loading : input !== null,
    refetch: load,
    mutate,
  };
}
