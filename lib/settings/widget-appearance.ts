import { z } from "zod";

/*
 * How the web widget looks on a business's site: its colour, title, the
 * initial in its avatar, and the corner it sits in. Stored in
 * business_profiles.widget; anything missing reads as the default. Shared by
 * the Agent page (form and live preview), the config the widget fetches, and
 * their tests. Nothing here may import server code.
 */

export const WIDGET_POSITIONS = ["right", "left"] as const;
export type WidgetPosition = (typeof WIDGET_POSITIONS)[number];

export const DEFAULT_WIDGET_COLOR = "#0c665f";

export const widgetAppearanceSchema = z.object({
  color: z
    .string({ message: "Choose a colour" })
    .trim()
    .regex(/^#[0-9a-fA-F]{6}$/, "Colour must be like #0c665f")
    .transform((c) => c.toLowerCase()),
  title: z.string().trim().max(40, "Title must be at most 40 characters").default(""),
  avatar: z
    .string()
    .trim()
    .max(2, "The avatar holds one or two characters")
    .default(""),
  position: z.enum(WIDGET_POSITIONS, { message: "Position is right or left" }).default("right"),
});
export type WidgetAppearanceInput = z.input<typeof widgetAppearanceSchema>;

export interface WidgetAppearance {
  color: string;
  /** Black or white, whichever reads better on `color` (WCAG contrast). */
  textColor: string;
  title: string;
  avatar: string;
  position: WidgetPosition;
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

export function contrastRatio(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x! + 0.05) / (y! + 0.05);
}

/** The stored JSON with every default filled in; the title and avatar fall back to the business and the persona. */
export function widgetAppearanceOf(stored: unknown, fallback: { businessName: string; personaName: string }): WidgetAppearance {
  const parsed = widgetAppearanceSchema.partial().safeParse(stored ?? {});
  const value = parsed.success ? parsed.data : {};
  const color = value.color ?? DEFAULT_WIDGET_COLOR;
  return {
    color,
    textColor: contrastRatio(color, "#ffffff") >= contrastRatio(color, "#111111") ? "#ffffff" : "#111111",
    title: value.title || fallback.businessName,
    avatar: (value.avatar || fallback.personaName.trim().charAt(0) || "•").toUpperCase(),
    position: value.position ?? "right",
  };
}
