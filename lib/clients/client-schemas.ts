import type { CountryCode } from "libphonenumber-js";
import { z } from "zod";
import { phoneNumberField } from "@/lib/settings/settings-schemas";

/*
 * Inputs of the client directory, shared by the browser forms and the route
 * handlers. Nothing here may import server code.
 */

// A blank field means "none"; going through a union instead would replace the field's own message with "Invalid input".
const emptyToNull = (value: unknown) => (typeof value === "string" && value.trim() === "" ? null : typeof value === "string" ? value.trim() : value);

/** A client's card. The phone is stored in E.164 and is unique within a tenant (it is how the receptionist recognises a caller). */
export function clientSchema(region: CountryCode) {
  return z.object({
    name: z
      .string({ message: "Enter the client's name" })
      .trim()
      .min(2, "Name must be at least 2 characters")
      .max(120, "Name must be at most 120 characters"),
    phone: z.preprocess(emptyToNull, phoneNumberField(region, "Phone").nullable().default(null)),
    email: z.preprocess(
      emptyToNull,
      z
        .string({ message: "Email must be text" })
        .max(200, "Email must be at most 200 characters")
        .pipe(z.email({ message: "Email must be an address like name@example.com" }))
        .transform((v) => v.toLowerCase())
        .nullable()
        .default(null),
    ),
    notes: z.string({ message: "Notes must be text" }).trim().max(2000, "Notes must be at most 2000 characters").default(""),
  });
}
export type ClientInput = z.input<ReturnType<typeof clientSchema>>;
export type ClientData = z.output<ReturnType<typeof clientSchema>>;

export const clientSearchSchema = z.object({
  q: z.string().trim().max(100, "Search must be at most 100 characters").default(""),
});
