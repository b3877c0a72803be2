import "server-only";
import { AGENT_TOOL_DEFINITIONS, greetingFor, receptionistFacts } from "@/lib/agent";
import { confirmConfigVersion } from "./channel-config";
import type { ChannelLocale } from "./channel-tenant";
import type { ChannelContext } from "./channel-gate";
import type { VapiInput } from "./vapi-gate";
import { publicRequestUrl } from "./public-url";
import { transferCallTool, transferPhoneOf } from "./vapi-transfer";
import { voiceTransferAnswer } from "@/lib/billing/polite-reply";
import { recordingDisclosureMessages } from "@/lib/i18n/reports-messages";

/*
 * The answer to Vapi's `assistant-request`: a transient assistant configured
 * from the tenant's profile. Vapi's own model runs the spoken conversation;
 * everything that touches the business (availability, bookings, transfer)
 * goes through the agent's tools, which Vapi calls back on this same URL.
 */


interface PromptFacts {
  businessName: string;
  personaName: string;
  personaTone: string;
  address: string;
  emergencyNumbers: readonly string[];
}

function systemPrompt(locale: ChannelLocale, p: PromptFacts): string {
  const numbers = p.emergencyNumbers.join(locale === "fr" ? " ou le " : " or ");
  if (locale === "en") {
    return [
      `You are ${p.personaName}, the receptionist of ${p.businessName}${p.address ? ` (${p.address})` : ""}. Your tone is ${p.personaTone}.`,
      "Speak English, briefly. Use the tools for anything about availability or appointments: check_availability before proposing a time,",
      "book_appointment only after the caller has confirmed the exact service and time, cancel_appointment and reschedule_appointment for existing appointments,",
      "and transfer_call when the caller asks for a person or you cannot help. Never invent times, prices or appointments the tools did not return.",
      numbers ? `If the caller describes an emergency or an urgent medical problem, tell them at once to call ${numbers}, then use transfer_call.` : "",
    ].join(" ").trim();
  }
  return [
    `Vous êtes ${p.personaName}, à l'accueil de ${p.businessName}${p.address ? ` (${p.address})` : ""}. Votre ton est ${p.personaTone}.`,
    "Parlez français, brièvement. Utilisez les outils pour tout ce qui touche aux disponibilités et aux rendez-vous : check_availability avant de proposer un horaire,",
    "book_appointment seulement après confirmation explicite de la prestation et de l'horaire, cancel_appointment et reschedule_appointment pour un rendez-vous existant,",
    "et transfer_call si l'appelant demande à parler à quelqu'un ou si vous ne pouvez pas l'aider. N'inventez jamais d'horaire, de prix ni de rendez-vous.",
    numbers ? `Si l'appelant décrit une urgence ou un problème médical urgent, dites-lui immédiatement d'appeler le ${numbers}, puis utilisez transfer_call.` : "",
  ].join(" ").trim();
}


export async function assistantFor(ctx: ChannelContext<"voice", VapiInput>): Promise<Record<string, unknown>> {
  // A new call is configured from the configuration as it is now: a suspension or a new greeting applies at once.
  await confirmConfigVersion(ctx.configVersion);
  const { tenant } = ctx;
  // Never drop a caller: suspended, or over the plan, the call goes straight to the business's own number.
  const call = ctx.input.message?.call as { id?: unknown } | undefined;
  const callId = typeof call?.id === "string" ? call.id : null;
  if (!tenant.serving || (callId && !(await ctx.billing.admitCall(callId)))) {
    return voiceTransferAnswer(tenant.locale, tenant.name, ctx.businessPhone);
  }

  // The tenant's cached configuration: one version read, no configuration query.
  const p = await receptionistFacts(ctx.configVersion);
  const transferPhone = transferPhoneOf(p.transferPhone, tenant);
  // Tool calls come back to this URL and must pass the same check as this
  // request; the secret only goes back to the caller that just presented it.
  const server = { url: publicRequestUrl(ctx.request), headers: { "x-vapi-secret": ctx.input.webhookSecret } };

  const greeting = await greetingFor(tenant.locale, ctx.configVersion);
  // Vapi records unless told not to; the caller hears it first when the owner chose to record.
  const recording = p.recording.enabled;

  return {
    assistant: {
      name: `${p.personaName} · ${p.businessName}`.slice(0, 40),
      firstMessage: recording ? `${recordingDisclosureMessages[tenant.locale].disclosure} ${greeting}` : greeting,
      firstMessageMode: "assistant-speaks-first",
      transcriber: { provider: "deepgram", model: "nova-2", language: tenant.locale },
      voice: { provider: "openai", voiceId: p.personaVoice },
      model: {
        provider: "openai",
        model: "gpt-4o-mini",
        temperature: 0.2,
        messages: [{ role: "system", content: systemPrompt(tenant.locale, p) }],
        // Without a transfer phone, transfer_call stays our function tool,
        // whose answer tells the model to take a message instead.
        tools: AGENT_TOOL_DEFINITIONS.map((t) =>
          t.name === "transfer_call" && transferPhone
            ? transferCallTool(transferPhone, tenant.locale, t.description)
            : { type: "function", function: { name: t.name, description: t.description, parameters: t.parameters }, server },
        ),
      },
      server,
      serverMessages: ["tool-calls", "transfer-destination-request", "status-update", "end-of-call-report"],
      endCallFunctionEnabled: true,
      artifactPlan: { recordingEnabled: recording },
    },
  };
}
