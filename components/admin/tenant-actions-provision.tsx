"use client";

import { useRouter } from "next/navigation";
import { SelectField, TextField } from "@/components/forms/fields";
import { ActionDialog } from "./tenant-action-dialog";

/*
 * Provisioning a tenant from the console (for the Tenants page): sign-up's
 * fields, the plan, and the owner's email, who is sent an owner invitation
 * and sets their own password. Opens the new tenant once created.
 */

const REGIONS = [
  { value: "FR", label: "France" },
  { value: "CH", label: "Switzerland" },
  { value: "BE", label: "Belgium" },
  { value: "DZ", label: "Algeria" },
  { value: "CA", label: "Canada" },
];
const ZONE_BY_REGION: Record<string, string> = { FR: "Europe/Paris", CH: "Europe/Zurich", BE: "Europe/Brussels", DZ: "Africa/Algiers", CA: "America/Toronto" };
const PLANS = ["starter", "pro", "business", "custom"].map((p) => ({ value: p, label: p.charAt(0).toUpperCase() + p.slice(1) }));
const FIELDS = ["name", "slug", "region", "timezone", "language", "plan", "ownerEmail"];

export function ProvisionTenantDialog() {
  const router = useRouter();
  const text = (form: FormData, name: string) => String(form.get(name) ?? "");
  return (
    <ActionDialog
      url="/api/admin/tenants"
      title="Provision a tenant"
      description="The workspace starts on a 14-day trial of the chosen plan. Its owner gets an invitation and chooses their own password."
      triggerLabel="Provision a tenant"
      submitLabel="Provision"
      testId="action-provision"
      fieldNames={FIELDS}
      fields={(errorFor) => (
        <>
          <TextField label="Business name" name="name" required error={errorFor("name")} />
          <TextField label="Web address" name="slug" required autoCapitalize="none" spellCheck={false} hint="Lowercase letters, digits and hyphens." error={errorFor("slug")} />
          <SelectField label="Region" name="region" options={REGIONS} error={errorFor("region")} />
          <TextField label="Time zone" name="timezone" placeholder="Europe/Paris" hint="Leave empty for the region's usual zone." error={errorFor("timezone")} />
          <SelectField label="Language" name="language" options={[{ value: "fr", label: "French" }, { value: "en", label: "English" }]} error={errorFor("language")} />
          <SelectField label="Plan" name="plan" options={PLANS} defaultValue="pro" error={errorFor("plan")} />
          <TextField label="Owner's email" name="ownerEmail" type="email" required error={errorFor("ownerEmail")} />
        </>
      )}
      toBody={(form) => ({
        name: text(form, "name"),
        slug: text(form, "slug"),
        region: text(form, "region"),
        timezone: text(form, "timezone").trim() || ZONE_BY_REGION[text(form, "region")] || "",
        language: text(form, "language"),
        plan: text(form, "plan"),
        ownerEmail: text(form, "ownerEmail"),
      })}
      onDone={(result) => router.push(`/tenants/${String(result.tenantId)}`)}
    />
  );
}
