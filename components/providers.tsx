"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";

export function Providers({ children }: { children: ReactNode }) {
  // useState, not a module-level client: on the server a module singleton
  // would share cached data between users' requests.
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          // Non-zero so data rendered on the server is not refetched the
          // moment the page hydrates.
          queries: { staleTime: 60_000 },
        },
      }),
  );

  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}
