"use client";

import { useState } from "react";
import { TextField } from "@/components/forms/fields";
import { datePlaceholder, formatDateInput, formatTimeInput, parseDateInput, parseTimeInput, timePlaceholder } from "@/lib/i18n/date-input";
import type { UiLocale } from "@/lib/i18n/ui-locale";

/*
 * Text fields for a date and a time in the console's language (see
 * lib/i18n/date-input.ts). The parent holds the canonical value ("2030-01-31",
 * "14:30"); what was typed stays on screen until it parses, then is shown
 * the console's way once the field is left. An unreadable entry is handed up
 * as typed, so the form's own check names the field.
 */

interface FieldProps {
  id: string;
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  locale: UiLocale;
  error?: string | null;
  hint?: string;
  disabled?: boolean;
}

function useEditedText(value: string, show: (v: string) => string) {
  const [text, setText] = useState<string | null>(null);
  // While the member types, their text; otherwise the value, shown the console's way.
  return { text: text ?? show(value), setText };
}

export function DateField({ id, label, name, value, onChange, locale, error, hint, disabled }: FieldProps) {
  const { text, setText } = useEditedText(value, (v) => formatDateInput(v, locale));
  return (
    <TextField
      id={id}
      label={label}
      name={name}
      inputMode="numeric"
      autoComplete="off"
      placeholder={datePlaceholder(locale)}
      value={text}
      disabled={disabled}
      hint={hint ?? datePlaceholder(locale)}
      error={error}
      data-value={value}
      onChange={(e) => {
        setText(e.target.value);
        onChange(parseDateInput(e.target.value, locale) ?? e.target.value);
      }}
      onBlur={() => {
        if (parseDateInput(text, locale)) setText(null);
      }}
    />
  );
}

export function TimeField({ id, label, name, value, onChange, locale, error, hint, disabled }: FieldProps) {
  const { text, setText } = useEditedText(value, (v) => formatTimeInput(v, locale));
  return (
    <TextField
      id={id}
      label={label}
      name={name}
      autoComplete="off"
      placeholder={timePlaceholder(locale)}
      value={text}
      disabled={disabled}
      hint={hint}
      error={error}
      data-value={value}
      onChange={(e) => {
        setText(e.target.value);
        onChange(e.target.value.trim() === "" ? "" : (parseTimeInput(e.target.value) ?? e.target.value));
      }}
      onBlur={() => {
        if (parseTimeInput(text) || text.trim() === "") setText(null);
      }}
    />
  );
}
