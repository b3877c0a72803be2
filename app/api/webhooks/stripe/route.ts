import { stripeWebhookRoute } from "@/lib/billing";

export const POST = stripeWebhookRoute();
