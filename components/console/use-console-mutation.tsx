"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { z } from "zod";
import { apiRequest, failureFromIssues, failureOf, type FormFailure } from "@/components/forms/api-request";
import { fillMessage } from "@/lib/i18n";
import { useToast } from "@/components/ui/toaster";

/**
 * One console write: checked with the same zod schema the server uses (so
 * the message appears without a round trip), sent, and the server-rendered
 * page refreshed. The outcome is a toast either way; a field error is also
 * shown next to its control. The server's answer is the authority.
 */
export function useConsoleMutation() {
  const router = useRouter();
  const { notify, words } = useToast();
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  function fail(next: FormFailure) {
    setFailure(next);
    notify("error", fillMessage(words.failed, { reason: next.message }));
  }

  async function run<T>(options: {
    url: string;
    method: string;
    body?: unknown;
    schema?: z.ZodType;
    /** The success toast; the generic "Saved." when absent, none when false. */
    done?: string | false;
  }): Promise<T | null> {
    setFailure(null);
    setStatus(null);
    if (options.schema) {
      const parsed = options.schema.safeParse(options.body);
      if (!parsed.success) {
        fail(failureFromIssues(parsed.error));
        return null;
      }
    }
    setPending(true);
    try {
      const result = await apiRequest<T>(options.url, options.method, options.body);
      if (options.done !== false) {
        const text = options.done ?? words.saved;
        setStatus(text);
        notify("success", text);
      }
      router.refresh();
      return result ?? ({} as T);
    } catch (error) {
      fail(failureOf(error, words.networkFailure));
      return null;
    } finally {
      setPending(false);
    }
  }

  const fieldError = (field: string) => (failure?.field === field ? failure.message : null);
  const formError = failure && !failure.field ? failure.message : null;
  /** A field error for a field this form does not draw is still shown, at the top. */
  const strayError = (drawn: (field: string) => boolean) => (failure?.field && !drawn(failure.field) ? failure.message : null);
  return { run, pending, failure, status, fieldError, formError, strayError, setStatus, notify };
}
