import { z } from "zod";

/*
 * Input rules shared by sign-up, sign-in and invitation acceptance.
 * Emails are stored trimmed and lower-cased: one person, one account,
 * whatever case they type. Passwords follow NIST 800-63B: length over
 * composition rules, and a refusal of the few passwords every guesser tries.
 */

export function normalizeEmail(email: string): string {
  return email.trim().normalize("NFKC").toLowerCase();
}

export const emailSchema = z
  .string({ message: "Enter your email address" })
  .trim()
  .min(1, "Enter your email address")
  .max(254, "Email address is too long")
  .pipe(z.email({ message: "Enter a valid email address, like name@example.com" }))
  .transform(normalizeEmail);

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

const COMMON = new Set([
  "123456789012",
  "password1234",
  "passwordpassword",
  "qwertyuiopas",
  "azertyuiopqs",
  "motdepasse123",
  "letmein12345",
  "iloveyou1234",
  "administrator",
  "frontdesk1234",
]);

export const newPasswordSchema = z
  .string({ message: "Choose a password" })
  .min(PASSWORD_MIN, `Password must be at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `Password must be at most ${PASSWORD_MAX} characters`)
  .refine((p) => new Set(p).size >= 4, "Password needs more variety: use at least 4 different characters")
  .refine((p) => !COMMON.has(p.toLowerCase()), "This password is too common; choose another one");

/** Sign-in accepts any stored password; only the length is bounded (argon2 input cost). */
export const passwordSchema = z
  .string({ message: "Enter your password" })
  .min(1, "Enter your password")
  .max(PASSWORD_MAX, `Password must be at most ${PASSWORD_MAX} characters`);

export const personNameSchema = z
  .string({ message: "Enter your name" })
  .trim()
  .min(1, "Enter your name")
  .max(120, "Name must be at most 120 characters");
