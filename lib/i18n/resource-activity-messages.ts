import { defineMessages } from "./messages";

/** Activity sentences for Staff & rooms (lib/audit/resource-activity-sentences.ts); names stay out of the trail. */
export const resourceActivityMessages = defineMessages({
  en: {
    resource_created_staff: "Person added to Staff & rooms",
    resource_created_room: "Room added to Staff & rooms",
    resource_updated: "Person or room updated: {parts}",
    resource_updated_bare: "Person or room saved unchanged",
    resource_updated_inactive: "Person or room made inactive ({parts})",
    resource_deleted: "Person or room deleted",
    resource_reordered: "Staff & rooms reordered",
    resourcePart_name: "name",
    resourcePart_kind: "kind",
    resourcePart_member: "linked member",
    resourcePart_active: "taking bookings",
    resourcePart_services: "services",
    resourcePart_hours: "weekly hours",
    resourcePart_closures: "days off",
  },
  fr: {
    resource_created_staff: "Personne ajoutée à l'équipe",
    resource_created_room: "Salle ajoutée à l'équipe et aux salles",
    resource_updated: "Personne ou salle modifiée : {parts}",
    resource_updated_bare: "Personne ou salle enregistrée sans changement",
    resource_updated_inactive: "Personne ou salle rendue inactive ({parts})",
    resource_deleted: "Personne ou salle supprimée",
    resource_reordered: "Ordre de l'équipe et des salles modifié",
    resourcePart_name: "nom",
    resourcePart_kind: "type",
    resourcePart_member: "membre lié",
    resourcePart_active: "prise de rendez-vous",
    resourcePart_services: "prestations",
    resourcePart_hours: "horaires",
    resourcePart_closures: "absences",
  },
});
