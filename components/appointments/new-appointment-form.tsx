"use client";

import { useQuery } from "@tanstack/react-query";
import type { CountryCode } from "libphonenumber-js";
import { useDeferredValue, useState, type FormEvent } from "react";
import { FormError, SelectField, TextField, buttonClass, secondaryButtonClass } from "@/components/forms/fields";
import { useHydrated } from "@/components/forms/use-hydrated";
import type { AppointmentView, BookableService } from "@/lib/booking/appointment-calendar";
import { manualBookingSchema } from "@/lib/booking/appointment-schemas";
import type { ClientSummary } from "@/lib/clients/client-directory";
import { fillMessage } from "@/lib/i18n/messages";
import type { AppointmentsMessages } from "@/lib/i18n/appointments-messages";
import type { UiLocale } from "@/lib/i18n/ui-locale";
import { apiRequest, failureFromIssues } from "@/components/forms/api-request";
import { failureOf, type RequestFailure } from "./appointment-requests";
import { SlotFields } from "./slot-alternatives";
import { useOutcomeToasts } from "@/components/ui/toaster";
import { displayPhone } from "@/lib/channels/phone-number";
import type { ResourceColumn } from "@/lib/resources/resource-directory";

const FIELDS = new Set(["serviceId", "resourceId", "clientId", "clientName", "clientPhone", "date", "time"]);

/** Who may be chosen for a service: the active people and rooms performing it. */
export function resourcesFor(resources: ResourceColumn[], serviceId: string): ResourceColumn[] {
  return resources.filter((r) => r.active && r.serviceIds.includes(serviceId));
}

/**
 * Books by hand: a service, a client (found by name or phone, or new), a day
 * and a time on the practice's clock. The server applies the booking rules;
 * a refused time comes back with the nearest free ones to pick from.
 */
export function NewAppointmentForm({
  services,
  resources,
  preferredResource,
  region,
  timeZone,
  defaultDate,
  defaultTime,
  locale,
  t,
  onBooked,
}: {
  services: BookableService[];
  resources: ResourceColumn[];
  /** The person or room the board is filtered to, chosen when they perform the service. */
  preferredResource: string;
  region: CountryCode;
  timeZone: string;
  defaultDate: string;
  defaultTime: string;
  locale: UiLocale;
  t: AppointmentsMessages;
  onBooked: (appointment: AppointmentView) => void;
}) {
  const hydrated = useHydrated();
  const toast = useOutcomeToasts();
  const [serviceId, setServiceId] = useState(services[0]?.id ?? "");
  const [chosenResource, setChosenResource] = useState<string | null>(null);
  const [client, setClient] = useState<ClientSummary | null>(null);
  const [clientName, setClientName] = useState("");
  const [clientPhone, setClientPhone] = useState("");
  const [date, setDate] = useState(defaultDate);
  const [time, setTime] = useState(defaultTime);
  const [failure, setFailure] = useState<RequestFailure | null>(null);
  const [pending, setPending] = useState(false);

  // Suggestions from what is typed; deferred so typing stays responsive.
  const typed = useDeferredValue((clientPhone.trim().length >= 3 ? clientPhone : clientName).trim());
  const matches = useQuery({
    queryKey: ["clients", typed],
    queryFn: () => apiRequest<{ clients: ClientSummary[] }>(`/api/clients?q=${encodeURIComponent(typed)}`, "GET"),
    enabled: !client && typed.length >= 2,
    select: (data) => data.clients.slice(0, 5),
  });

  if (!services.length) return <p className="text-sm text-ink-muted">{t.noServices}</p>;

  const choices = resourcesFor(resources, serviceId);
  // An explicit choice wins while it still performs the service; else the board's filter; else whoever is free.
  const resourceId = [chosenResource, preferredResource].find((id) => id !== null && (id === "" || choices.some((r) => r.id === id))) ?? "";
  const fieldError = (field: string) => (failure?.field === field && !failure.reason ? failure.message : null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFailure(null);
    const who = resourceId ? { resourceId } : {};
    const body = client ? { serviceId, ...who, clientId: client.id, date, time } : { serviceId, ...who, clientName, clientPhone, date, time };
    const parsed = manualBookingSchema(region).safeParse(body);
    if (!parsed.success) {
      setFailure(failureFromIssues(parsed.error));
      return;
    }
    setPending(true);
    try {
      const booked = await apiRequest<AppointmentView>("/api/appointments", "POST", body);
      setClient(null);
      setClientName("");
      setClientPhone("");
      onBooked(booked);
    } catch (error) {
      setFailure(failureOf(error));
      toast.fail(error);
    } finally {
      setPending(false);
    }
  }

  const formError = failure && !failure.reason && (!failure.field || !FIELDS.has(failure.field)) ? failure.message || t.networkError : null;

  return (
    <form onSubmit={onSubmit} noValidate aria-label={t.newAppointment} className="space-y-4 rounded-lg border border-dashed border-slate-300 p-4">
      <h2 className="font-semibold">{t.newAppointment}</h2>
      <FormError message={formError} />
      <SelectField
        id="new-appointment-service"
        label={t.service}
        name="serviceId"
        value={serviceId}
        onChange={(e) => setServiceId(e.target.value)}
        options={services.map((s) => ({ value: s.id, label: `${s.name} (${s.durationMinutes} min)` }))}
        error={fieldError("serviceId")}
      />
      {resources.length > 1 ? (
        <SelectField
          id="new-appointment-resource"
          label={t.resource}
          name="resourceId"
          value={resourceId}
          onChange={(e) => setChosenResource(e.target.value)}
          options={[{ value: "", label: t.anyResource }, ...choices.map((r) => ({ value: r.id, label: r.name }))]}
          error={fieldError("resourceId")}
        />
      ) : null}
      {client ? (
        <div className="flex flex-wrap items-center gap-3 rounded-lg bg-slate-50 px-3 py-2 text-sm">
          <p role="status">{fillMessage(t.bookingFor, { name: client.name })}</p>
          <button type="button" className={secondaryButtonClass} onClick={() => setClient(null)}>
            {t.otherClient}
          </button>
        </div>
      ) : (
        <div className="space-y-2">
          <div className="grid gap-3 sm:grid-cols-2">
            <TextField
              id="new-appointment-client-name"
              label={t.clientName}
              name="clientName"
              autoComplete="off"
              value={clientName}
              onChange={(e) => setClientName(e.target.value)}
              error={fieldError("clientName") ?? fieldError("clientId")}
            />
            <TextField
              id="new-appointment-client-phone"
              label={t.clientPhone}
              name="clientPhone"
              type="tel"
              autoComplete="off"
              value={clientPhone}
              onChange={(e) => setClientPhone(e.target.value)}
              hint={t.clientHint}
              error={fieldError("clientPhone")}
            />
          </div>
          {matches.data?.length ? (
            <ul aria-label={t.matches} className="flex flex-wrap gap-2">
              {matches.data.map((c) => (
                <li key={c.id}>
                  <button type="button" className={secondaryButtonClass} onClick={() => setClient(c)}>
                    {fillMessage(t.useClient, { name: c.name })}
                    {c.phone ? <span className="ml-1 font-normal text-slate-700">{displayPhone(c.phone, region)}</span> : null}
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      )}
      <SlotFields
        idPrefix="new-appointment"
        date={date}
        time={time}
        onDate={setDate}
        onTime={setTime}
        failure={failure}
        onFailure={setFailure}
        timeZone={timeZone}
        locale={locale}
        t={t}
        onResource={resources.length > 1 ? setChosenResource : undefined}
      />
      <button type="submit" className={buttonClass} disabled={pending || !hydrated}>
        {t.book}
      </button>
    </form>
  );
}
