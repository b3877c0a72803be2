"use client";

import { useRouter } from "next/navigation";
import { SelectField, TextField } from "@/components/forms/fields";
import type { TenantActionsView } from "@/lib/platform/actions/actions-view";
import { ActionDialog } from "./tenant-action-dialog";

/*
 * The platform console's actions on one tenant, for the tenant detail page:
 * each opens a dialog asking for its fields and the reason. Deleting asks
 * for the tenant's address typed exactly.
 */

const PLANS = [
  { value: "starter", label: "Starter" },
  { value: "pro", label: "Pro" },
  { value: "business", label: "Business" },
  { value: "custom", label: "Custom" },
];
const CHANNELS = [
  { value: "whatsapp", label: "WhatsApp sender" },
  { value: "voice", label: "Voice number" },
];
const day = (iso: string | null) => (iso ? iso.slice(0, 10) : "");
const text = (form: FormData, name: string) => String(form.get(name) ?? "");

export function TenantActions({ tenant }: { tenant: TenantActionsView }) {
  const router = useRouter();
  const url = (action: string) => `/api/admin/tenants/${tenant.id}/actions/${action}`;
  const numbers = tenant.numbers.map((n) => ({ value: `${n.channel}|${n.number}`, label: `${n.number} (${n.channel === "voice" ? "voice" : "WhatsApp"})` }));
  const splitNumber = (form: FormData) => {
    const [channel = "", number = ""] = text(form, "route").split("|");
    return { channel, number };
  };

  return (
    <section aria-labelledby="tenant-actions-heading" className="space-y-4" data-testid="tenant-actions">
      <h2 id="tenant-actions-heading" className="text-lg font-semibold">
        Actions
      </h2>
      {tenant.supportSuspendedAt ? (
        <p role="status" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-900">
          Suspended by support since {day(tenant.supportSuspendedAt)}: “{tenant.supportSuspensionReason}”
        </p>
      ) : null}
      <div className="flex flex-wrap gap-2">
        {tenant.supportSuspendedAt ? (
          <ActionDialog url={url("reactivate")} title={`Reactivate ${tenant.name}`} description="The workspace returns to the status billing gives it." triggerLabel="Reactivate" submitLabel="Reactivate" testId="action-reactivate" />
        ) : (
          <ActionDialog
            url={url("suspend")}
            title={`Suspend ${tenant.name}`}
            description="The owner sees the reason on every console page and in Activity. Callers are given the business's number, as for a billing suspension."
            triggerLabel="Suspend"
            submitLabel="Suspend"
            danger
            testId="action-suspend"
          />
        )}
        <ActionDialog
          url={url("override-plan")}
          title="Override the plan"
          description={`The tenant's own plan (${tenant.plan}) applies again after the date.`}
          triggerLabel="Override plan"
          submitLabel="Override"
          fieldNames={["plan", "until"]}
          fields={(errorFor) => (
            <>
              <SelectField label="Plan" name="plan" options={PLANS} defaultValue="business" error={errorFor("plan")} />
              <TextField label="Until" name="until" type="date" required defaultValue={day(tenant.planOverrideUntil)} error={errorFor("until")} />
            </>
          )}
          toBody={(form) => ({ plan: text(form, "plan"), until: text(form, "until") })}
        />
        {tenant.trialEndsAt ? (
          <ActionDialog
            url={url("extend-trial")}
            title="Extend the trial"
            description={`The trial ends on ${day(tenant.trialEndsAt)}; the new end must be later.`}
            triggerLabel="Extend trial"
            submitLabel="Extend"
            fieldNames={["endsAt"]}
            fields={(errorFor) => <TextField label="New end" name="endsAt" type="date" required error={errorFor("endsAt")} />}
            toBody={(form) => ({ endsAt: text(form, "endsAt") })}
          />
        ) : null}
        {tenant.invitations.length ? (
          <ActionDialog
            url={url("resend-invitation")}
            title="Resend an invitation"
            description="A new link replaces the pending one; the old link stops working."
            triggerLabel="Resend invitation"
            submitLabel="Resend"
            fieldNames={["invitationId"]}
            fields={(errorFor) => (
              <SelectField label="Invitation" name="invitationId" options={tenant.invitations.map((i) => ({ value: i.id, label: `${i.email} (${i.role})` }))} error={errorFor("invitationId")} />
            )}
            toBody={(form) => ({ invitationId: text(form, "invitationId") })}
          />
        ) : null}
        {tenant.members.length ? (
          <ActionDialog
            url={url("clear-lockout")}
            title="Clear a sign-in lockout"
            description="Lifts the lock on the member's email after too many wrong passwords."
            triggerLabel="Clear lockout"
            submitLabel="Clear lockout"
            fieldNames={["userId"]}
            fields={(errorFor) => (
              <SelectField label="Member" name="userId" options={tenant.members.map((m) => ({ value: m.userId, label: `${m.name} <${m.email}> (${m.role})` }))} error={errorFor("userId")} />
            )}
            toBody={(form) => ({ userId: text(form, "userId") })}
          />
        ) : null}
        {tenant.hasBillingAccount ? (
          <ActionDialog
            url={url("billing-portal")}
            title="Billing portal link"
            description="A short-lived Stripe Customer Portal link for the owner."
            triggerLabel="Billing portal link"
            submitLabel="Make the link"
            showResult={(result) => (
              <TextField label="Link for the owner" name="portal-url" readOnly value={String(result.url ?? "")} onFocus={(e) => e.currentTarget.select()} />
            )}
          />
        ) : null}
      </div>
      <h3 className="text-base font-semibold">Numbers</h3>
      <div className="flex flex-wrap gap-2">
        <ActionDialog
          url={url("assign-number")}
          title="Assign a number"
          description="The number must not route to any workspace yet."
          triggerLabel="Assign number"
          submitLabel="Assign"
          fieldNames={["channel", "number", "label"]}
          fields={(errorFor) => (
            <>
              <SelectField label="Channel" name="channel" options={CHANNELS} error={errorFor("channel")} />
              <TextField label="Number" name="number" inputMode="tel" placeholder="+41 22 555 01 02" required error={errorFor("number")} />
              <TextField label="Label" name="label" maxLength={60} error={errorFor("label")} />
            </>
          )}
          toBody={(form) => ({ channel: text(form, "channel"), number: text(form, "number"), label: text(form, "label") })}
        />
        {numbers.length ? (
          <>
            <ActionDialog
              url={url("move-number")}
              title="Move a number"
              description="Every channel of the number moves to the other workspace in one step."
              triggerLabel="Move number"
              submitLabel="Move"
              fieldNames={["number", "to"]}
              fields={(errorFor) => (
                <>
                  <SelectField label="Number" name="route" options={numbers} error={errorFor("number")} />
                  <TextField label="To workspace (address or id)" name="to" required autoCapitalize="none" spellCheck={false} error={errorFor("to")} />
                </>
              )}
              toBody={(form) => ({ number: splitNumber(form).number, to: text(form, "to") })}
            />
            <ActionDialog
              url={url("release-number")}
              title="Release a number"
              description="The number stops routing to this workspace."
              triggerLabel="Release number"
              submitLabel="Release"
              danger
              fieldNames={["number", "channel"]}
              fields={(errorFor) => <SelectField label="Number" name="route" options={numbers} error={errorFor("number") ?? errorFor("channel")} />}
              toBody={(form) => splitNumber(form)}
            />
          </>
        ) : null}
      </div>
      <h3 className="text-base font-semibold text-red-800">Danger zone</h3>
      <ActionDialog
        url={url("delete")}
        title={`Delete ${tenant.name}`}
        description="Everything in the workspace is deleted, as when its owner deletes it. Nothing brings it back."
        triggerLabel="Delete tenant"
        submitLabel="Delete for good"
        danger
        testId="action-delete"
        fieldNames={["confirm"]}
        fields={(errorFor) => (
          <TextField label={`Type ${tenant.slug} to confirm`} name="confirm" required autoComplete="off" autoCapitalize="none" spellCheck={false} error={errorFor("confirm")} />
        )}
        toBody={(form) => ({ confirm: text(form, "confirm") })}
        onDone={() => router.push("/tenants")}
      />
    </section>
  );
}
