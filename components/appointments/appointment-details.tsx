"use client";

import type { CountryCode } from "libphonenumber-js";
import Link from "next/link";
import { displayPhone } from "@/lib/channels/phone-number";
import { useState, type FormEvent } from "react";
import { FormError, SelectField, buttonClass, secondaryButtonClass } from "@/components/forms/fields";
import type { AppointmentView } from "@/lib/booking/appointment-calendar";
import { moveAppointmentSchema } from "@/lib/booking/appointment-schemas";
import { fillMessage } from "@/lib/i18n/messages";
import type { AppointmentsMessages } from "@/lib/i18n/appointments-messages";
import type { UiLocale } from "@/lib/i18n/ui-locale";
import { formatRange, formatWhen, statusLabel, channelLabel } from "./appointment-format";
import { apiRequest, failureFromIssues } from "@/components/forms/api-request";
import { failureOf, type RequestFailure } from "./appointment-requests";
import { SlotFields } from "./slot-alternatives";
import { useOutcomeToasts } from "@/components/ui/toaster";
import type { ResourceColumn } from "@/lib/resources/resource-directory";
import { resourcesFor } from "./new-appointment-form";

/** One appointment: what, who, when, and (for those who may) move, cancel, or record how it went. */
export function AppointmentDetails({
  appointment,
  resources,
  timeZone,
  region,
  readOnly,
  locale,
  t,
  onChanged,
  onClose,
}: {
  appointment: AppointmentView;
  resources: ResourceColumn[];
  timeZone: string;
  region: CountryCode;
  readOnly: boolean;
  locale: UiLocale;
  t: AppointmentsMessages;
  onChanged: (appointment: AppointmentView, message: string) => void;
  onClose: () => void;
}) {
  const [date, setDate] = useState(appointment.localDate);
  const [time, setTime] = useState(appointment.localTime);
  const [resourceId, setResourceId] = useState(appointment.resourceId);
  const [failure, setFailure] = useState<RequestFailure | null>(null);
  const [pending, setPending] = useState(false);
  const toast = useOutcomeToasts();

  async function run(action: () => Promise<AppointmentView>, message: (a: AppointmentView) => string) {
    setFailure(null);
    setPending(true);
    try {
      const updated = await action();
      const text = message(updated);
      setDate(updated.localDate);
      setTime(updated.localTime);
      setResourceId(updated.resourceId);
      onChanged(updated, text);
    } catch (error) {
      setFailure(failureOf(error));
      toast.fail(error);
    } finally {
      setPending(false);
    }
  }

  async function onMove(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = resourceId !== appointment.resourceId ? { date, time, resourceId } : { date, time };
    const parsed = moveAppointmentSchema.safeParse(body);
    if (!parsed.success) {
      setFailure(failureFromIssues(parsed.error));
      return;
    }
    await run(
      () => apiRequest<AppointmentView>(`/api/appointments/${appointment.id}`, "PATCH", body),
      (a) => fillMessage(t.moved, { when: formatWhen(a.startsAt, timeZone, locale) }),
    );
  }

  const setTo = (next: "cancelled" | "completed" | "no_show") =>
    run(
      () => apiRequest<AppointmentView>(`/api/appointments/${appointment.id}/status`, "PUT", { status: next }),
      (a) => (next === "cancelled" ? t.cancelled : fillMessage(t.statusSaved, { status: statusLabel(t, a.status) })),
    );

  const booked = appointment.status === "booked";
  const started = new Date(appointment.startsAt) <= new Date();
  const formError = failure && !failure.reason && failure.field !== "date" && failure.field !== "time" && failure.field !== "resourceId" ? failure.message || t.networkError : null;

  return (
    <section aria-labelledby="appointment-details-heading" className="space-y-4 rounded-lg border border-slate-200 p-4">
      <div className="flex items-start justify-between gap-4">
        <h2 id="appointment-details-heading" className="font-semibold">
          {t.details}
        </h2>
        <button type="button" className={secondaryButtonClass} onClick={onClose}>
          {t.closeDetails}
        </button>
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-ink-muted">{t.service}</dt>
        <dd>{appointment.service}</dd>
        {resources.length > 1 ? (
          <>
            <dt className="text-ink-muted">{t.resource}</dt>
            <dd data-testid="appointment-resource">{appointment.resourceName}</dd>
          </>
        ) : null}
        <dt className="text-ink-muted">{t.client}</dt>
        <dd>
          <Link href={`/clients/${appointment.clientId}`} className="font-medium text-brand-700 underline" aria-label={fillMessage(t.openClient, { name: appointment.clientName })}>
            {appointment.clientName}
          </Link>
          {appointment.clientPhone ? <span className="ml-2 text-slate-700">{displayPhone(appointment.clientPhone, region)}</span> : null}
        </dd>
        <dt className="text-ink-muted">{t.when}</dt>
        <dd data-testid="appointment-when">
          {formatRange(appointment.startsAt, appointment.endsAt, timeZone, locale)}
        </dd>
        <dt className="text-ink-muted">{t.status}</dt>
        <dd data-testid="appointment-status">{statusLabel(t, appointment.status)}</dd>
        <dt className="text-ink-muted">{t.channel}</dt>
        <dd>
          {channelLabel(t, appointment.channel)}
          {appointment.conversationId ? (
            <Link href={`/conversations/${appointment.conversationId}`} className="ml-2 text-brand-700 underline">
              {t.openConversation}
            </Link>
          ) : null}
        </dd>
      </dl>
      {readOnly ? null : (
        <>
          <FormError message={formError} />
          {booked ? (
            <form onSubmit={onMove} noValidate aria-label={t.moveForm} className="space-y-3">
              <h3 className="text-sm font-semibold">{t.moveTitle}</h3>
              {resources.length > 1 ? (
                <SelectField
                  id="move-resource"
                  label={t.resource}
                  name="resourceId"
                  value={resourceId}
                  onChange={(e) => setResourceId(e.target.value)}
                  // The current diary stays choosable even if it no longer performs the service.
                  options={[...resourcesFor(resources, appointment.serviceId), ...resources.filter((r) => r.id === appointment.resourceId)]
                    .filter((r, i, list) => list.findIndex((x) => x.id === r.id) === i)
                    .map((r) => ({ value: r.id, label: r.name }))}
                  error={failure?.field === "resourceId" && !failure.reason ? failure.message : null}
                />
              ) : null}
              <SlotFields
                idPrefix="move"
                date={date}
                time={time}
                onDate={setDate}
                onTime={setTime}
                failure={failure}
                onFailure={setFailure}
                timeZone={timeZone}
                locale={locale}
                t={t}
                onResource={resources.length > 1 ? setResourceId : undefined}
              />
              <button type="submit" className={buttonClass} disabled={pending}>
                {t.move}
              </button>
            </form>
          ) : null}
          <div className="flex flex-wrap gap-2">
            {booked ? (
              <button type="button" className={secondaryButtonClass} disabled={pending} onClick={() => setTo("cancelled")}>
                {t.cancel}
              </button>
            ) : null}
            {appointment.status !== "cancelled" && started ? (
              <>
                {appointment.status !== "completed" ? (
                  <button type="button" className={secondaryButtonClass} disabled={pending} onClick={() => setTo("completed")}>
                    {t.markCompleted}
                  </button>
                ) : null}
                {appointment.status !== "no_show" ? (
                  <button type="button" className={secondaryButtonClass} disabled={pending} onClick={() => setTo("no_show")}>
                    {t.markNoShow}
                  </button>
                ) : null}
              </>
            ) : null}
          </div>
        </>
      )}
    </section>
  );
}
