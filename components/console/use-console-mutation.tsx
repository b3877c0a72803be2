"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { z } from "zod";
import { apiRequest, failureFromIssues, failureOf, type FormFailure } from "@/components/forms/api-request";

/**
 * One console write: checked with the same zod schema the server uses (so
 * the message appears without a round trip), sent, and the server-rendered
 * page refreshed. The server's answer is the authority either way.
 */
export function useConsoleMutation() {
  const router = useRouter();
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function run<T>(options: { url: string; method: string; body?: unknown; schema?: z.ZodType; done?: string }): Promise<T | null> {
    setFailure(null);
    setStatus(null);
    if (options.schema) {
      const parsed = options.schema.safeParse(options.body);
      if (!parsed.success) {
        setFailure(failureFromIssues(parsed.error));
        return null;
      }
    }
    setPending(true);
    try {
      const result = await apiRequest<T>(options.url, options.method, options.body);
      setStatus(options.done ?? "Saved.");
      router.refresh();
      return result ?? ({} as T);
    } catch (error) {
      setFailure(failureOf(error));
      return null;
    } finally {
      setPending(false);
    }
  }

  const fieldError = (field: string) => (failure?.field === field ? failure.message : null);
  const formError = failure && !failure.field ? failure.message : null;
  /** A field error for a field this form does not draw is still shown, at the top. */
  const strayError = (drawn: (field: string) => boolean) => (failure?.field && !drawn(failure.field) ? failure.message : null);
  return { run, pending, failure, status, fieldError, formError, strayError, setStatus };
}

export function SavedStatus({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <p role="status" className="text-sm text-green-700">
      {text}
    </p>
  );
}
