/**
 * A read the grid pages keep on the phone, as a TanStack query: the server's answer when it is
 * reachable (and a copy kept), else the copy with the time it was saved. It runs whatever the
 * browser believes of the network (the copy is the point offline), never retries by itself (the
 * copy already stands in for a lost answer), and asks again whenever the network comes or goes.
 */
import { keepPreviousData, useQuery, type QueryKey } from "@tanstack/react-query";
import { useOnline } from "./online.js";

export function useKeptQuery<T>(key: QueryKey, load: () => Promise<T>, options: { enabled?: boolean } = {}) {
  const online = useOnline();
  return useQuery({
    queryKey: ["kept", ...key, online],
    queryFn: load,
    networkMode: "always",
    retry: false,
    staleTime: 0,
    // While the new answer comes, the page keeps showing what it showed.
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
}
