import { useCallback, useEffect, useRef, useState } from 'react';
import { apiRequest } from './api-client';

export interface ApiState<T> {
  data: T | undefined;
  error: Error | undefined;
  /** True until the first answer for this path; a reload keeps showing the data it has. */
  loading: boolean;
  reload(): Promise<void>;
}

/**
 * GETs `path` (skipped while null) and keeps the answer. A reload (after an action, on a live event)
 * keeps the previous data on screen, so lists do not flash; an older answer never overwrites a newer one.
 */
export function useApi<T>(path: string | null): ApiState<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<Error>();
  const [loadedPath, setLoadedPath] = useState<string | null>(null);
  const latest = useRef(0);

  const load = useCallback(async () => {
    if (path === null) return;
    const request = ++latest.current;
    try {
      const answer = await apiRequest<T>(path);
      if (request !== latest.current) return;
      setData(answer);
      setError(undefined);
    } catch (failure) {
      if (request !== latest.current) return;
      setError(failure instanceof Error ? failure : new Error(String(failure)));
    } finally {
      if (request === latest.current) setLoadedPath(path);
    }
  }, [path]);

  useEffect(() => {
    void load();
  }, [load]);

  const loading = path !== null && loadedPath !== path;
  return { data, error: loading ? undefined : error, loading, reload: load };
}
