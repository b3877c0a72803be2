/** "Mardi 8 janvier…" at the start of a sentence. */
export const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** "de massage", "d'épilation": French elides "de" before a vowel or a mute h. */
export const frenchDe = (thing: string) => (/^[aeiouyhàâéèêëîïôûù]/i.test(thing) ? `d'${thing}` : `de ${thing}`);
