export function ReadOnlyNotice({ readOnly, text = "Read-only: your role can see this page but not change it." }: { readOnly: boolean; text?: string }) {
  if (!readOnly) return null;
  return (
    <p data-testid="read-only-notice" className="mt-2 rounded-lg bg-slate-100 px-3 py-2 text-sm text-ink-muted">
      {text}
    </p>
  );
}

export function PageHeading({ id, title, intro }: { id: string; title: string; intro?: string }) {
  return (
    <>
      <h1 id={id} className="text-2xl font-bold tracking-tight">
        {title}
      </h1>
      {intro ? <p className="mt-1 text-ink-muted">{intro}</p> : null}
    </>
  );
}
