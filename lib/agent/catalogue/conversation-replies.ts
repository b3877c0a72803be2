import type { AgentLocale } from "../language";

/* What the receptionist says to open, close, hand over and admit it did not understand. */
export interface ConversationReplies {
  greeting(businessName: string, persona: string): string;
  welcomeBack(name: string): string;
  howCanIHelp(): string;
  handoffVoice(): string;
  handoffText(): string;
  handoffAfterConfusion(voice: boolean): string;
  /** An emergency: the numbers to call come first, then the hand-over. */
  emergency(numbers: readonly string[], voice: boolean): string;
  misunderstood(): string;
  notUnderstoodAgain(prompt: string): string;
  thanks(): string;
  goodbye(): string;
  nothingElse(): string;
  correctionNoted(): string;
}

const fr: ConversationReplies = {
  greeting: (business, persona) => `${business}, bonjour ! Ici ${persona}, comment puis-je vous aider ?`,
  welcomeBack: (name) => `Bonjour ${name}, ravie de vous retrouver !`,
  howCanIHelp: () => "Comment puis-je vous aider ?",
  handoffVoice: () => "Je vous passe un membre de l'équipe, ne quittez pas.",
  handoffText: () => "Je transmets votre demande à un membre de l'équipe, qui vous répondra dès que possible.",
  handoffAfterConfusion: (voice) =>
    voice
      ? "Je ne suis pas sûre de bien comprendre. Je vous passe un membre de l'équipe, ne quittez pas."
      : "Je ne suis pas sûre de bien comprendre. Je transmets votre demande à un membre de l'équipe, qui vous répondra dès que possible.",
  emergency: (numbers, voice) =>
    voice
      ? `Si une vie est en danger, raccrochez et appelez immédiatement le ${numbers.join(" ou le ")}. Sinon, restez en ligne : je vous passe un membre de l'équipe.`
      : `Si une vie est en danger, appelez immédiatement le ${numbers.join(" ou le ")}. Je transmets votre message en urgence à un membre de l'équipe.`,
  misunderstood: () =>
    "Pardon, je n'ai pas bien compris. Je peux vous renseigner sur nos horaires, notre adresse, nos prestations et nos tarifs, ou prendre, déplacer ou annuler un rendez-vous.",
  notUnderstoodAgain: (prompt) => `Pardon, je n'ai pas bien compris. ${prompt}`,
  thanks: () => "Avec plaisir ! Puis-je faire autre chose pour vous ?",
  goodbye: () => "Merci de votre appel, au revoir et à bientôt !",
  nothingElse: () => "Très bien. N'hésitez pas si vous avez besoin d'autre chose.",
  correctionNoted: () => "C'est noté.",
};

const en: ConversationReplies = {
  greeting: (business, persona) => `${business}, hello! This is ${persona}, how can I help you?`,
  welcomeBack: (name) => `Hello ${name}, nice to hear from you again!`,
  howCanIHelp: () => "How can I help you?",
  handoffVoice: () => "I'll put you through to a member of the team, please hold.",
  handoffText: () => "I'm passing your request to a member of the team, who will get back to you as soon as possible.",
  handoffAfterConfusion: (voice) =>
    voice
      ? "I'm not sure I understand. I'll put you through to a member of the team, please hold."
      : "I'm not sure I understand. I'm passing your request to a member of the team, who will get back to you as soon as possible.",
  emergency: (numbers, voice) =>
    voice
      ? `If someone's life is in danger, hang up and call ${numbers.join(" or ")} right now. Otherwise stay on the line: I'm putting you through to a member of the team.`
      : `If someone's life is in danger, call ${numbers.join(" or ")} right now. I'm passing your message to a member of the team as urgent.`,
  misunderstood: () =>
    "Sorry, I didn't quite get that. I can tell you our opening hours, address, services and prices, or book, move or cancel an appointment.",
  notUnderstoodAgain: (prompt) => `Sorry, I didn't quite get that. ${prompt}`,
  thanks: () => "You're welcome! Anything else I can do for you?",
  goodbye: () => "Thank you for calling, goodbye!",
  nothingElse: () => "All right. Don't hesitate if you need anything else.",
  correctionNoted: () => "Got it.",
};

export const CONVERSATION_REPLIES: Record<AgentLocale, ConversationReplies> = { fr, en };
