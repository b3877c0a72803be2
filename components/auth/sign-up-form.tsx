"use client";

import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { useHydrated } from "@/components/forms/use-hydrated";
import { FormError, SelectField, TextField, buttonClass } from "@/components/forms/fields";
import { apiRequest, failureOf, type FormFailure } from "@/components/forms/api-request";
import { fillMessage, type UiLocale } from "@/lib/i18n";
import type { AuthMessages } from "@/lib/i18n/auth-messages";
import { continueUrl } from "./sign-in-form";

const REGIONS = ["FR", "CH", "BE", "DZ", "CA"] as const;
const DEFAULT_TZ: Record<string, string> = {
  FR: "Europe/Paris",
  CH: "Europe/Zurich",
  BE: "Europe/Brussels",
  DZ: "Africa/Algiers",
  CA: "America/Toronto",
};

export function SignUpForm({ rootHost, timezones, locale, t }: { rootHost: string; timezones: string[]; locale: UiLocale; t: AuthMessages }) {
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const [pending, setPending] = useState(false);
  const hydrated = useHydrated();
  const [region, setRegion] = useState("FR");
  const [timezone, setTimezone] = useState(DEFAULT_TZ.FR!);
  const fieldError = (name: string) => (failure?.field === name ? failure.message : null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = Object.fromEntries(new FormData(event.currentTarget)) as Record<string, string>;
    setPending(true);
    setFailure(null);
    try {
      const created = await apiRequest<{ slug: string; email: string }>("/api/auth/sign-up", "POST", form);
      const result = await signIn("credentials", { email: created.email, password: form.password, redirect: false });
      if (!result || result.error) throw new Error("sign-in after sign-up failed");
      window.location.assign(continueUrl(created.slug));
    } catch (error) {
      setPending(false);
      setFailure(failureOf(error));
    }
  }

  return (
    <form method="post" onSubmit={onSubmit} noValidate className="space-y-4" aria-label={t.signUpForm}>
      <FormError message={failure && !failure.field ? failure.message : null} />
      <TextField label={t.businessName} name="businessName" required error={fieldError("businessName")} />
      <TextField
        label={t.webAddress}
        name="slug"
        required
        pattern="[a-z0-9-]+"
        hint={fillMessage(t.webAddressHint, { example: `${t.webAddressExample}.${rootHost}` })}
        error={fieldError("slug")}
      />
      <SelectField
        label={t.region}
        name="region"
        value={region}
        onChange={(e) => {
          setRegion(e.target.value);
          setTimezone(DEFAULT_TZ[e.target.value] ?? timezone);
        }}
        options={REGIONS.map((r) => ({ value: r, label: t[`region_${r}`] }))}
        error={fieldError("region")}
      />
      <SelectField
        label={t.timezone}
        name="timezone"
        value={timezone}
        onChange={(e) => setTimezone(e.target.value)}
        options={timezones.map((tz) => ({ value: tz, label: tz }))}
        error={fieldError("timezone")}
      />
      <SelectField
        label={t.consoleLanguage}
        name="language"
        defaultValue={locale}
        options={[
          { value: "fr", label: "Français" },
          { value: "en", label: "English" },
        ]}
        error={fieldError("language")}
      />
      <TextField label={t.yourName} name="name" autoComplete="name" required error={fieldError("name")} />
      <TextField label={t.email} name="email" type="email" autoComplete="email" required error={fieldError("email")} />
      <TextField
        label={t.password}
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint={t.passwordHint}
        error={fieldError("password")}
      />
      <button type="submit" className={`${buttonClass} w-full`} disabled={pending || !hydrated}>
        {pending ? t.creating : t.createAccount}
      </button>
    </form>
  );
}
