import type { InputHTMLAttributes, ReactNode, Ref, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";

/*
 * Labelled form controls. The error is tied to its control with
 * aria-describedby and aria-invalid, so screen readers announce it.
 */

export const buttonClass =
  "inline-flex items-center justify-center rounded-lg bg-brand-700 px-4 py-2.5 text-sm font-semibold text-white hover:bg-brand-800 disabled:opacity-60";
export const secondaryButtonClass =
  "inline-flex items-center justify-center rounded-lg px-3 py-2 text-sm font-semibold text-ink ring-1 ring-slate-300 ring-inset hover:bg-slate-50 disabled:opacity-60";
const controlClass =
  "mt-1 block w-full rounded-lg border border-slate-300 px-3 py-2 text-sm shadow-xs aria-invalid:border-red-600";

interface FieldShell {
  label: string;
  name: string;
  error?: string | null;
  hint?: ReactNode;
}

/** Label above, hint and error below, both tied to the control. */
function Field({ id, label, error, hint, children }: Omit<FieldShell, "name"> & { id: string; children: ReactNode }) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-ink">
        {label}
      </label>
      {children}
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-ink-muted">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} role="alert" className="mt-1 text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function describedBy(id: string, { error, hint }: Pick<FieldShell, "error" | "hint">): string | undefined {
  return [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(" ") || undefined;
}

export function TextField({ label, name, error, hint, ...input }: FieldShell & InputHTMLAttributes<HTMLInputElement> & { ref?: Ref<HTMLInputElement> }) {
  const id = input.id ?? `field-${name}`;
  return (
    <Field id={id} label={label} error={error} hint={hint}>
      <input id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, { error, hint })} className={controlClass} {...input} />
    </Field>
  );
}

export function TextAreaField({ label, name, error, hint, ...textarea }: FieldShell & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = textarea.id ?? `field-${name}`;
  return (
    <Field id={id} label={label} error={error} hint={hint}>
      <textarea id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, { error, hint })} className={controlClass} {...textarea} />
    </Field>
  );
}

export function SelectField({
  label,
  name,
  error,
  options,
  ...select
}: FieldShell & SelectHTMLAttributes<HTMLSelectElement> & { options: Array<{ value: string; label: string }> }) {
  const id = select.id ?? `field-${name}`;
  return (
    <Field id={id} label={label} error={error}>
      <select id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, { error })} className={controlClass} {...select}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

export function FormError({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
      {message}
    </p>
  );
}
