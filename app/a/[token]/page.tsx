import type { Metadata } from "next";
import { formatDateTime } from "@/lib/agent/formatting";
import { ApiError, pagePathParams, pageQueryValue } from "@/lib/http";
import { fillMessage } from "@/lib/i18n";
import { messagingMessages } from "@/lib/i18n/messaging-messages";
import { readLinkedAppointment, type LinkedAppointment } from "@/lib/messaging";

// The page behind the link in a client's confirmation or reminder. Opening it
// changes nothing (WhatsApp and mail clients fetch links to preview them);
// cancelling or moving is a tap on one of its buttons.

export const metadata: Metadata = { title: "Frontdesk", robots: { index: false } };

interface LinkPageProps {
  params: Promise<{ token: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function AppointmentLinkPage({ params, searchParams }: LinkPageProps) {
  const token = pagePathParams(await params)?.token ?? "";
  const done = pageQueryValue((await searchParams).done);
  let appointment: LinkedAppointment;
  try {
    appointment = await readLinkedAppointment(token);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const m = messagingMessages.fr;
    const en = messagingMessages.en;
    const expired = error.status === 403;
    return (
      <main className="mx-auto max-w-md px-6 py-12">
        <p>{expired ? m.pageExpired : m.pageInvalid}</p>
        <p lang="en" className="mt-2 text-slate-600">{expired ? en.pageExpired : en.pageInvalid}</p>
      </main>
    );
  }
  const m = messagingMessages[appointment.locale];
  const when = (d: Date) => formatDateTime(d, appointment.timeZone, appointment.locale);
  const notice =
    done === "cancelled"
      ? m.pageCancelled
      : done === "already_cancelled"
        ? m.pageAlreadyCancelled
        : done === "moved"
          ? fillMessage(m.pageMoved, { when: when(appointment.startsAt) })
          : done === "stopped"
            ? fillMessage(m.pageStopped, { business: appointment.business })
            : null;
  const changeable = appointment.status === "booked" && appointment.startsAt > new Date();
  return (
    <main lang={appointment.locale} className="mx-auto max-w-md px-6 py-12">
      <h1 className="text-2xl font-bold">{m.pageTitle}</h1>
      <p className="mt-2">{fillMessage(m.pageWhen, { service: appointment.service, when: when(appointment.startsAt), business: appointment.business })}</p>
      {notice && <p role="status" className="mt-4 rounded-lg bg-emerald-50 p-4 text-emerald-900">{notice}</p>}
      {!notice && appointment.status === "cancelled" && <p className="mt-4 rounded-lg bg-slate-100 p-4">{m.pageAlreadyCancelled}</p>}
      {!changeable && appointment.status !== "cancelled" && <p className="mt-4">{m.pageNotBooked}</p>}
      {changeable && (
        <>
          <form method="post" action="/api/v1/appointment-link" className="mt-6">
            <input type="hidden" name="token" value={token} />
            <input type="hidden" name="action" value="cancel" />
            <button className="rounded-lg bg-red-700 px-4 py-2 font-medium text-white">{m.pageCancel}</button>
          </form>
          <h2 className="mt-8 font-semibold">{m.pageMoveTitle}</h2>
          {appointment.slots.length === 0 && <p className="mt-2">{fillMessage(m.pageNoSlots, { business: appointment.business })}</p>}
          <ul className="mt-2 space-y-2">
            {appointment.slots.map((slot) => (
              <li key={slot.startsAt.toISOString()}>
                <form method="post" action="/api/v1/appointment-link">
                  <input type="hidden" name="token" value={token} />
                  <input type="hidden" name="action" value="move" />
                  <input type="hidden" name="startsAt" value={slot.startsAt.toISOString()} />
                  <button className="rounded-lg border border-slate-300 px-4 py-2">{when(slot.startsAt)}</button>
                </form>
              </li>
            ))}
          </ul>
        </>
      )}
      <form method="post" action="/api/v1/appointment-link" className="mt-10">
        <input type="hidden" name="token" value={token} />
        <input type="hidden" name="action" value="stop" />
        <button className="text-sm text-slate-600 underline">{m.pageStop}</button>
      </form>
    </main>
  );
}
