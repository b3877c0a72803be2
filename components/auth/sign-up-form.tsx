"use client";

import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { useHydrated } from "@/components/forms/use-hydrated";
import { FormError, SelectField, TextField, buttonClass } from "@/components/forms/fields";
import { apiRequest, failureOf, type FormFailure } from "@/components/forms/api-request";
import { continueUrl } from "./sign-in-form";

const REGIONS = [
  { value: "FR", label: "France" },
  { value: "CH", label: "Switzerland" },
  { value: "BE", label: "Belgium" },
  { value: "DZ", label: "Algeria" },
  { value: "CA", label: "Canada" },
];
const DEFAULT_TZ: Record<string, string> = {
  FR: "Europe/Paris",
  CH: "Europe/Zurich",
  BE: "Europe/Brussels",
  DZ: "Africa/Algiers",
  CA: "America/Toronto",
};

export function SignUpForm({ rootHost, timezones }: { rootHost: string; timezones: string[] }) {
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
    <form method="post" onSubmit={onSubmit} noValidate className="space-y-4" aria-label="Create your account">
      <FormError message={failure && !failure.field ? failure.message : null} />
      <TextField label="Business name" name="businessName" required error={fieldError("businessName")} />
      <TextField
        label="Web address"
        name="slug"
        required
        pattern="[a-z0-9-]+"
        hint={<>Your workspace will live at <span className="font-mono">your-address.{rootHost}</span></>}
        error={fieldError("slug")}
      />
      <SelectField
        label="Region"
        name="region"
        value={region}
        onChange={(e) => {
          setRegion(e.target.value);
          setTimezone(DEFAULT_TZ[e.target.value] ?? timezone);
        }}
        options={REGIONS}
        error={fieldError("region")}
      />
      <SelectField
        label="Time zone"
        name="timezone"
        value={timezone}
        onChange={(e) => setTimezone(e.target.value)}
        options={timezones.map((tz) => ({ value: tz, label: tz }))}
        error={fieldError("timezone")}
      />
      <SelectField
        label="Language"
        name="language"
        defaultValue="fr"
        options={[
          { value: "fr", label: "Français" },
          { value: "en", label: "English" },
        ]}
        error={fieldError("language")}
      />
      <TextField label="Your name" name="name" autoComplete="name" required error={fieldError("name")} />
      <TextField label="Email" name="email" type="email" autoComplete="email" required error={fieldError("email")} />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 12 characters. A few words strung together work well."
        error={fieldError("password")}
      />
      <button type="submit" className={`${buttonClass} w-full`} disabled={pending || !hydrated}>
        {pending ? "Creating your workspace…" : "Create account"}
      </button>
    </form>
  );
}
