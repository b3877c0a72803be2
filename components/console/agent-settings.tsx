"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { apiRequest, failureOf, type FormFailure } from "@/components/forms/api-request";
import { FormError, SelectField, TextAreaField, TextField, buttonClass, secondaryButtonClass } from "@/components/forms/fields";
import { useHydrated } from "@/components/forms/use-hydrated";
import type { AgentModeSummary } from "@/lib/agent/agent-mode";
import { fillMessage } from "@/lib/i18n/messages";
import type { AgentMessages } from "@/lib/i18n/agent-messages";
import { PERSONA_VOICES, agentModeSchema, agentPersonaSchema, faqEntrySchema } from "@/lib/settings/agent-profile-schemas";
import type { AgentProfile, FaqRow } from "@/lib/settings/agent-profile";
import { failureFromIssues } from "@/components/forms/api-request";
import { useConsoleMutation } from "./use-console-mutation";
import { WidgetPreview } from "./widget-preview";
import { useToast } from "@/components/ui/toaster";
import { widgetAppearanceOf, type WidgetPosition } from "@/lib/settings/widget-appearance";

type Language = "fr" | "en";
type Persona = Omit<AgentProfile, "faq">;

const languageName = (t: AgentMessages, lang: Language) => (lang === "fr" ? t.french : t.english);

export function AgentPersonaForm({ persona, uiLocale, readOnly, t }: { persona: Persona; uiLocale: Language; readOnly: boolean; t: AgentMessages }) {
  const m = useConsoleMutation();
  const hydrated = useHydrated();
  // Controlled, so the preview follows every keystroke.
  const [personaName, setPersonaName] = useState(persona.personaName);
  const [greeting, setGreeting] = useState<Partial<Record<Language, string>>>(persona.greeting);
  const [color, setColor] = useState(persona.widget.color);
  const [title, setTitle] = useState(persona.widgetStored.title);
  const [avatar, setAvatar] = useState(persona.widgetStored.avatar);
  const [position, setPosition] = useState<WidgetPosition>(persona.widget.position);
  const validColor = /^#[0-9a-fA-F]{6}$/.test(color) ? color : persona.widget.color;
  const appearance = widgetAppearanceOf({ color: validColor, title, avatar, position }, { businessName: persona.businessName, personaName: personaName || persona.personaName });
  const previewLanguage: Language = persona.languages.includes(uiLocale) ? uiLocale : persona.languages[0]!;
  const previewGreeting = greeting[previewLanguage]?.trim() || persona.builtInGreeting[previewLanguage];

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const sentGreeting: Partial<Record<Language, string>> = {};
    for (const lang of persona.languages) sentGreeting[lang] = greeting[lang] ?? "";
    const body = {
      personaName,
      personaVoice: String(form.get("personaVoice") ?? ""),
      personaTone: String(form.get("personaTone") ?? ""),
      greeting: sentGreeting,
      widget: { color, title, avatar, position },
    };
    await m.run({ url: "/api/settings/agent", method: "PATCH", body, schema: agentPersonaSchema, done: t.personaSaved });
  }

  const drawn = (field: string) =>
    ["personaName", "personaVoice", "personaTone", ...persona.languages.map((l) => `greeting.${l}`), "widget.color", "widget.title", "widget.avatar", "widget.position"].includes(field);
  return (
    <form onSubmit={onSubmit} noValidate aria-label={t.personaForm} className="space-y-6">
      <FormError message={m.formError ?? m.strayError(drawn)} />
      <fieldset disabled={readOnly} className="grid gap-8 lg:grid-cols-[minmax(0,1fr)_18rem]">
        <div className="space-y-4">
          <TextField label={t.personaName} name="personaName" value={personaName} onChange={(e) => setPersonaName(e.target.value)} hint={t.personaNameHint} error={m.fieldError("personaName")} />
          <SelectField
            label={t.voice}
            name="personaVoice"
            defaultValue={persona.personaVoice}
            options={PERSONA_VOICES.map((v) => ({ value: v, label: v[0]!.toUpperCase() + v.slice(1) }))}
            error={m.fieldError("personaVoice")}
          />
          <TextField label={t.tone} name="personaTone" defaultValue={persona.personaTone} hint={t.toneHint} error={m.fieldError("personaTone")} />
          {persona.languages.map((lang) => (
            <TextAreaField
              key={lang}
              id={`greeting-${lang}`}
              label={lang === "fr" ? t.greetingFr : t.greetingEn}
              name={`greeting.${lang}`}
              lang={lang}
              rows={2}
              value={greeting[lang] ?? ""}
              onChange={(e) => setGreeting((g) => ({ ...g, [lang]: e.target.value }))}
              hint={fillMessage(t.greetingHint, { fallback: persona.builtInGreeting[lang] })}
              error={m.fieldError(`greeting.${lang}`)}
            />
          ))}
          <fieldset className="space-y-4 rounded-xl p-4 ring-1 ring-slate-200">
            <legend className="px-1 text-base font-semibold">{t.widgetHeading}</legend>
            <p className="text-sm text-slate-700">{t.widgetIntro}</p>
            <div className="flex flex-wrap items-end gap-4">
              <div>
                <label htmlFor="widget-color" className="block text-sm font-medium">
                  {t.widgetColor}
                </label>
                <input id="widget-color" type="color" value={validColor} onChange={(e) => setColor(e.target.value)} className="mt-1 h-10 w-16 cursor-pointer rounded border border-slate-300" />
              </div>
              <div className="w-36">
                <TextField id="widget-color-hex" label={t.widgetColorHex} name="widgetColor" value={color} onChange={(e) => setColor(e.target.value)} spellCheck={false} error={m.fieldError("widget.color")} />
              </div>
            </div>
            <TextField
              id="widget-title"
              label={t.widgetTitle}
              name="widgetTitle"
              value={title}
              maxLength={40}
              onChange={(e) => setTitle(e.target.value)}
              hint={fillMessage(t.widgetTitleHint, { fallback: persona.businessName })}
              error={m.fieldError("widget.title")}
            />
            <TextField
              id="widget-avatar"
              label={t.widgetAvatar}
              name="widgetAvatar"
              value={avatar}
              maxLength={2}
              onChange={(e) => setAvatar(e.target.value)}
              hint={fillMessage(t.widgetAvatarHint, { fallback: (personaName || persona.personaName).charAt(0).toUpperCase() })}
              error={m.fieldError("widget.avatar")}
            />
            <fieldset>
              <legend className="text-sm font-medium">{t.widgetPosition}</legend>
              <div className="mt-1 flex gap-4">
                {(["right", "left"] as const).map((p) => (
                  <label key={p} className="flex items-center gap-2 text-sm">
                    <input type="radio" name="widgetPosition" value={p} checked={position === p} onChange={() => setPosition(p)} />
                    {p === "right" ? t.positionRight : t.positionLeft}
                  </label>
                ))}
              </div>
            </fieldset>
          </fieldset>
        </div>
        <WidgetPreview appearance={appearance} personaName={personaName || persona.personaName} greeting={previewGreeting} t={t} />
      </fieldset>
      {readOnly ? null : (
        <button type="submit" className={buttonClass} disabled={m.pending || !hydrated}>
          {t.savePersona}
        </button>
      )}
    </form>
  );
}

export function AgentModeForm({ mode, readOnly, t }: { mode: AgentModeSummary; readOnly: boolean; t: AgentMessages }) {
  const m = useConsoleMutation();
  const hydrated = useHydrated();
  const [chosen, setChosen] = useState(mode.mode);
  const modelLocked = !mode.apiKeyStored && mode.mode !== "model";

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    await m.run({ url: "/api/settings/agent/mode", method: "PUT", body: { mode: chosen }, schema: agentModeSchema, done: t.modeSaved });
  }

  const options = [
    { value: "deterministic" as const, label: t.modeDeterministic, hint: t.modeDeterministicHint, disabled: false },
    { value: "model" as const, label: t.modeModel, hint: fillMessage(t.modeModelHint, { model: mode.model }), disabled: modelLocked },
  ];
  return (
    <form onSubmit={onSubmit} noValidate aria-label={t.modeForm} className="space-y-3">
      <p className="text-sm" data-testid="agent-mode-current">
        {fillMessage(t.modeCurrent, { mode: mode.mode === "model" ? t.modeModel : t.modeDeterministic })}
      </p>
      <fieldset disabled={readOnly} className="space-y-2" aria-describedby={m.fieldError("mode") ? "mode-error" : undefined}>
        <legend className="text-sm font-medium text-ink">{t.modeLegend}</legend>
        {options.map((o) => (
          <label key={o.value} className="flex items-start gap-2 text-sm">
            <input
              type="radio"
              name="mode"
              value={o.value}
              checked={chosen === o.value}
              disabled={o.disabled}
              onChange={() => setChosen(o.value)}
              aria-describedby={`mode-${o.value}-hint`}
              className="mt-1"
            />
            <span>
              <span className="font-medium">{o.label}</span>
              <span id={`mode-${o.value}-hint`} className="block text-xs text-ink-muted">
                {o.hint}
              </span>
            </span>
          </label>
        ))}
      </fieldset>
      {!mode.apiKeyStored ? (
        <p data-testid="agent-mode-needs-key" className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {t.modeNeedsKey}{" "}
          <Link href="/keys" className="font-semibold underline">
            {t.modeAddKey}
          </Link>
          .
        </p>
      ) : null}
      {m.fieldError("mode") ? (
        <p id="mode-error" role="alert" className="text-sm text-red-700">
          {m.fieldError("mode")}
        </p>
      ) : null}
      <FormError message={m.formError} />
      {readOnly ? null : (
        <button type="submit" className={buttonClass} disabled={m.pending || !hydrated || chosen === mode.mode}>
          {t.saveMode}
        </button>
      )}
    </form>
  );
}

// ------------------------------------------------------------------- FAQ ---

const FAQ_KEY = ["settings", "faq"] as const;

function faqBody(form: FormData) {
  return {
    question: String(form.get("question") ?? ""),
    answer: String(form.get("answer") ?? ""),
    language: String(form.get("language") ?? ""),
  };
}

/**
 * One FAQ write through TanStack Query: the shared schema first (the field's
 * message without a round trip), then the server, then the list is refetched.
 */
function useFaqWrite() {
  const queryClient = useQueryClient();
  const router = useRouter();
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const { notify, words } = useToast();
  const mutation = useMutation({
    mutationFn: (request: { url: string; method: string; body?: unknown }) => apiRequest<FaqRow | undefined>(request.url, request.method, request.body),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: FAQ_KEY });
      // The shell and other server-rendered parts stay in step.
      router.refresh();
    },
  });
  async function run(request: { url: string; method: string; body?: unknown; done: string }): Promise<boolean> {
    setFailure(null);
    setStatus(null);
    if (request.body !== undefined) {
      const parsed = faqEntrySchema.safeParse(request.body);
      if (!parsed.success) {
        const f = failureFromIssues(parsed.error);
        setFailure(f);
        notify("error", fillMessage(words.failed, { reason: f.message }));
        return false;
      }
    }
    try {
      await mutation.mutateAsync(request);
      setStatus(request.done);
      notify("success", request.done);
      return true;
    } catch (error) {
      const f = failureOf(error, words.networkFailure);
      setFailure(f);
      notify("error", fillMessage(words.failed, { reason: f.message }));
      return false;
    }
  }
  const fieldError = (field: string) => (failure?.field === field ? failure.message : null);
  const formError = failure && !["question", "answer", "language"].includes(failure.field ?? "") ? failure.message : null;
  return { run, pending: mutation.isPending, fieldError, formError, status };
}

function FaqFields({ entry, prefix, languages, t, w }: { entry?: FaqRow; prefix: string; languages: Language[]; t: AgentMessages; w: ReturnType<typeof useFaqWrite> }) {
  const choices: Language[] = entry && !languages.includes(entry.language) ? [...languages, entry.language] : languages;
  const questionId = `${prefix}-question`;
  return (
    <div className="grid gap-3 sm:grid-cols-4">
      <div className="sm:col-span-3">
        <TextField id={questionId} label={t.question} name="question" defaultValue={entry?.question} error={w.fieldError("question")} />
      </div>
      <SelectField
        id={`${prefix}-language`}
        label={t.language}
        name="language"
        defaultValue={entry?.language ?? choices[0]}
        options={choices.map((l) => ({ value: l, label: languageName(t, l) }))}
        error={w.fieldError("language")}
      />
      <div className="sm:col-span-4">
        <TextAreaField id={`${prefix}-answer`} label={t.answer} name="answer" rows={2} defaultValue={entry?.answer} error={w.fieldError("answer")} />
      </div>
    </div>
  );
}

function FaqEditor({ entry, languages, readOnly, t }: { entry: FaqRow; languages: Language[]; readOnly: boolean; t: AgentMessages }) {
  const w = useFaqWrite();
  const hydrated = useHydrated();
  const url = `/api/settings/faq/${entry.id}`;
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    await w.run({ url, method: "PATCH", body: faqBody(new FormData(event.currentTarget)), done: t.entrySaved });
  }
  return (
    <li className="rounded-lg border border-slate-200 p-4">
      <form onSubmit={onSubmit} noValidate aria-label={fillMessage(t.faqEntry, { question: entry.question })} className="space-y-3">
        <FormError message={w.formError} />
        <fieldset disabled={readOnly}>
          <FaqFields entry={entry} prefix={`faq-${entry.id}`} languages={languages} t={t} w={w} />
        </fieldset>
        {readOnly ? null : (
          <div className="flex gap-2">
            <button type="submit" className={buttonClass} disabled={w.pending || !hydrated}>
              {t.saveEntry}
            </button>
            <button
              type="button"
              className={secondaryButtonClass}
              aria-label={fillMessage(t.deleteEntryLabel, { question: entry.question })}
              disabled={w.pending || !hydrated}
              onClick={() => w.run({ url, method: "DELETE", done: t.entryDeleted })}
            >
              {t.deleteEntry}
            </button>
          </div>
        )}
      </form>
    </li>
  );
}

export function FaqManager({ entries, languages, readOnly, t }: { entries: FaqRow[]; languages: Language[]; readOnly: boolean; t: AgentMessages }) {
  const hydrated = useHydrated();
  const w = useFaqWrite();
  const { data } = useQuery({
    queryKey: FAQ_KEY,
    queryFn: () => apiRequest<{ entries: FaqRow[] }>("/api/settings/faq", "GET").then((r) => r.entries),
    initialData: entries,
  });
  const [addKey, setAddKey] = useState(0);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // Remounting the form clears it (and keeps the language choice's default).
    if (await w.run({ url: "/api/settings/faq", method: "POST", body: faqBody(new FormData(event.currentTarget)), done: t.entryAdded })) setAddKey((k) => k + 1);
  }

  return (
    <div className="space-y-6">
      <ul aria-label={t.faqList} className="space-y-4">
        {data.length === 0 ? <li className="text-sm text-ink-muted">{t.faqEmpty}</li> : null}
        {data.map((e) => (
          <FaqEditor key={e.id} entry={e} languages={languages} readOnly={readOnly} t={t} />
        ))}
      </ul>
      {readOnly ? null : (
        <form key={addKey} onSubmit={onSubmit} noValidate aria-label={t.addHeading} className="space-y-3 rounded-lg border border-dashed border-slate-300 p-4">
          <h3 className="font-semibold">{t.addHeading}</h3>
          <FormError message={w.formError} />
          <FaqFields prefix="new-faq" languages={languages} t={t} w={w} />
          <button type="submit" className={buttonClass} disabled={w.pending || !hydrated}>
            {t.addEntry}
          </button>
        </form>
      )}
    </div>
  );
}
