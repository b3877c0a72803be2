import { z } from "zod";

/*
 * The public web chat contract (POST /api/v1/chat), as schemas: the route
 * parses requests with the first and builds responses that satisfy the
 * second; tests parse real responses with them. Times carry the tenant's
 * UTC offset. With `Accept: text/event-stream` the same response arrives as
 * `delta` frames ({ text }) followed by one `done` frame.
 */

export const chatRequestSchema = z.object({
  conversationId: z.string().min(1).max(100).optional(),
  message: z
    .string()
    .min(1, "must be 1 to 2000 characters")
    .max(2000, "must be 1 to 2000 characters")
    .refine((s) => s.trim().length > 0, "must not be blank"),
  locale: z.enum(["fr", "en"]).optional(),
  client: z
    .object({
      name: z.string().trim().min(1).max(200).optional(),
      phone: z.string().trim().min(3).max(40).optional(),
      email: z.string().trim().email("must be an email address").max(320).optional(),
    })
    .optional(),
});

const instantWithOffset = z.iso.datetime({ offset: true });

// Strict: a response carrying anything else breaks the contract.
export const chatAppointmentSchema = z.strictObject({
  id: z.uuid(),
  service: z.string().min(1),
  startsAt: instantWithOffset,
  endsAt: instantWithOffset,
  status: z.enum(["booked", "cancelled"]),
});

export const chatResponseSchema = z
  .strictObject({
    // Null when the business cannot take the conversation (billing): the reply
    // then gives its phone number and nothing was stored.
    conversationId: z.uuid().nullable(),
    // Empty only when a member of the team holds the conversation: they answer
    // through POST /api/v1/chat/updates instead of the receptionist.
    reply: z.string(),
    handoff: z.boolean(),
    heldByTeam: z.boolean(),
    appointment: chatAppointmentSchema.nullable(),
  })
  .refine((r) => r.heldByTeam || r.reply.length > 0, { path: ["reply"], message: "must not be empty unless the team holds the conversation" });

/**
 * POST /api/v1/chat/updates: what the team wrote since `after` on a
 * conversation the widget holds (its id is the visitor's token), and whether
 * the team holds it now. The widget polls it while its panel is open.
 */
export const chatUpdatesRequestSchema = z.object({
  conversationId: z.uuid({ message: "conversationId must be the id the chat returned" }),
  after: z.iso.datetime({ offset: true, message: "after must be the `at` of the last message received" }).optional(),
});

export const chatUpdateMessageSchema = z.strictObject({
  id: z.uuid(),
  /** The member's first name; the widget shows "Sam (team)". */
  author: z.string().min(1),
  text: z.string().min(1),
  at: instantWithOffset,
});

export const chatUpdatesResponseSchema = z.strictObject({
  messages: z.array(chatUpdateMessageSchema),
  heldByTeam: z.boolean(),
});

/** One `event: delta` frame of the stream; the `done` frame carries a ChatResponse. */
export const chatDeltaSchema = z.object({ text: z.string() });

export type ChatRequest = z.infer<typeof chatRequestSchema>;
export type ChatAppointment = z.infer<typeof chatAppointmentSchema>;
export type ChatResponse = z.infer<typeof chatResponseSchema>;
export type ChatUpdatesResponse = z.infer<typeof chatUpdatesResponseSchema>;
