/**
 * Data fetching for both web apps, on TanStack Query: every GET is cached under a key made of its
 * path and query, so two pages asking for the same list share one request, and every write says
 * which keys it makes stale. Reads retry twice, only when the network or the server failed (a
 * 4xx answer will not change by asking again); writes never retry by themselves.
 */
import {
  QueryClient,
  keepPreviousData,
  queryOptions,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryKey,
  type UseMutationResult,
} from "@tanstack/react-query";
import { ApiError, api, type Query } from "./api.js";

/** A read failed for a reason worth another try: no network, or the server's own failure. */
export function worthRetrying(failureCount: number, error: unknown): boolean {
  if (failureCount >= 2) return false;
  return error instanceof ApiError && (error.status === 0 || error.status >= 500);
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // Requests run whatever the browser believes of the network: a request that cannot reach
      // the server fails at once as `network`, and the page says so (TanStack's default would
      // hold it paused, a spinner without end on a village road).
      queries: {
        staleTime: 30_000,
        retry: worthRetrying,
        refetchOnWindowFocus: false,
        networkMode: "always",
      },
      mutations: { retry: false, networkMode: "always" },
    },
  });
}

/**
 * The cache key of `GET path?query`: the path's segments, then the query. A write invalidates a
 * prefix, e.g. `keyOf("/cases")` covers every case list and every case page.
 */
export function keyOf(path: string, query?: Query): QueryKey {
  const segments = path.split("/").filter(Boolean);
  return query === undefined ? segments : [...segments, query];
}

/** `GET path?query` as a query: its key and how to fetch it (for useQuery, prefetching, tests). */
export function getQuery<T>(path: string, query?: Query) {
  return queryOptions({
    queryKey: keyOf(path, query ?? {}),
    queryFn: ({ signal }) => api<T>(path, { query, signal }),
  });
}

/** A GET that re-runs when its path or query change; `null` waits (a dependent read). */
export function useGet<T>(
  path: string | null,
  query?: Query,
  options: { keepPrevious?: boolean; refetchInterval?: number | false } = {},
) {
  return useQuery({
    ...getQuery<T>(path ?? "", query),
    enabled: path !== null,
    refetchInterval: options.refetchInterval ?? false,
    // A table keeps its rows while the next page loads, instead of flashing empty.
    placeholderData: options.keepPrevious ? keepPreviousData : undefined,
  });
}

/**
 * A write: `mutate(vars)` calls `write`, and once it succeeded marks stale every cached read under
 * the paths in `invalidates` (the lists and pages that show what changed). A 409 marks them stale
 * too: the server says what we hold is out of date.
 */
export function useWrite<V, R = unknown>(
  write: (vars: V) => Promise<R>,
  invalidates: readonly string[],
): UseMutationResult<R, Error, V> {
  const client = useQueryClient();
  return useMutation<R, Error, V>({
    mutationFn: write,
    onSettled: async (_data, error) => {
      if (error && !(error instanceof ApiError && error.status === 409)) return;
      await Promise.all(invalidates.map((path) => client.invalidateQueries({ queryKey: keyOf(path) })));
    },
  });
}
