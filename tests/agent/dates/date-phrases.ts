/*
 * Date and time phrases from the scripted dialogues and the way callers write
 * them (SMS style, no accents, typos), with what each means when said on
 * Monday 2030-01-07 at 08:00. Expected readings use the form of
 * `describeWhen`: date, time, part of day, "after HH:MM", "before HH:MM",
 * "wdN" when the weekday said (N) is not the date's, "asap". The "held out"
 * phrases were written after the parser was, to measure it on words it had
 * not been shaped by (it read 26 of them at first; the two misses were fixed).
 */

export type PhraseCategory =
  | "weekday + day number"
  | "day number without month"
  | "half / quarter"
  | "parts of the day"
  | "after / before / between"
  | "relative days"
  | "past dates"
  | "clock times"
  | "numbers in words"
  | "SMS style and typos"
  | "earliest"
  | "held out"
  | "real callers";

export const DATE_PHRASES: Array<[PhraseCategory, "fr" | "en", string, string]> = [
  ["weekday + day number", "fr", "lundi 14", "2030-01-14"],
  ["weekday + day number", "fr", "mercredi 16 à 10h", "2030-01-16 10:00"],
  ["weekday + day number", "fr", "le jeudi 17", "2030-01-17"],
  ["weekday + day number", "fr", "jeudi le 17 vers 14h", "2030-01-17 14:00"],
  ["weekday + day number", "fr", "vendredi 18 janvier", "2030-01-18"],
  ["weekday + day number", "fr", "mardi 15 a 9h30", "2030-01-15 09:30"],
  ["weekday + day number", "en", "Monday the 14th", "2030-01-14"],
  ["weekday + day number", "en", "wednesday 16th at 3pm", "2030-01-16 15:00"],
  ["weekday + day number", "en", "Thursday, January 17", "2030-01-17"],
  ["weekday + day number", "en", "fri the 18th", "2030-01-18"],
  ["weekday + day number", "en", "on Tuesday the 15th at 10", "2030-01-15 10:00"],
  ["weekday + day number", "fr", "lundi 15", "2030-01-15 wd1"],
  ["weekday + day number", "en", "Monday the 16th", "2030-01-16 wd1"],
  ["weekday + day number", "fr", "samedi 19 au matin", "2030-01-19 morning"],

  ["day number without month", "fr", "le 16", "2030-01-16"],
  ["day number without month", "fr", "le 9 à 11h", "2030-01-09 11:00"],
  ["day number without month", "fr", "pour le 21", "2030-01-21"],
  ["day number without month", "en", "the 16th", "2030-01-16"],
  ["day number without month", "en", "on the 9th at 2pm", "2030-01-09 14:00"],
  ["day number without month", "en", "for the 21st", "2030-01-21"],
  ["day number without month", "fr", "le 5", "2030-02-05"],
  ["day number without month", "en", "the 3rd", "2030-02-03"],

  ["half / quarter", "en", "at half past two", "14:30"],
  ["half / quarter", "en", "quarter past 3", "15:15"],
  ["half / quarter", "en", "quarter to 4", "15:45"],
  ["half / quarter", "en", "half past 9 tomorrow", "2030-01-08 09:30"],
  ["half / quarter", "en", "a quarter to eleven", "10:45"],
  ["half / quarter", "en", "ten past four", "16:10"],
  ["half / quarter", "fr", "à 10h et demie", "10:30"],
  ["half / quarter", "fr", "14h et quart", "14:15"],
  ["half / quarter", "fr", "11h moins le quart", "10:45"],
  ["half / quarter", "fr", "midi et demi", "12:30"],
  ["half / quarter", "fr", "9 heures et quart", "09:15"],
  ["half / quarter", "fr", "16h moins quart", "15:45"],
  ["half / quarter", "fr", "à 3h et demie de l'après-midi", "15:30 afternoon"],

  ["parts of the day", "en", "early morning tomorrow", "2030-01-08 early_morning"],
  ["parts of the day", "en", "late morning", "late_morning"],
  ["parts of the day", "en", "early afternoon on Thursday", "2030-01-10 early_afternoon"],
  ["parts of the day", "en", "late afternoon", "late_afternoon"],
  ["parts of the day", "en", "tomorrow evening", "2030-01-08 evening"],
  ["parts of the day", "en", "at lunchtime on friday", "2030-01-11 lunch"],
  ["parts of the day", "fr", "en fin d'après-midi", "late_afternoon"],
  ["parts of the day", "fr", "fin de matinée", "late_morning"],
  ["parts of the day", "fr", "début d'après-midi", "early_afternoon"],
  ["parts of the day", "fr", "tôt le matin", "early_morning"],
  ["parts of the day", "fr", "demain en fin de journée", "2030-01-08 late_afternoon"],
  ["parts of the day", "fr", "mardi soir", "2030-01-08 evening"],
  ["parts of the day", "fr", "jeudi aprem", "2030-01-10 afternoon"],
  ["parts of the day", "fr", "apres midi", "afternoon"],

  ["after / before / between", "fr", "après 16h", "after 16:00"],
  ["after / before / between", "en", "after 3pm", "after 15:00"],
  ["after / before / between", "fr", "avant 10h", "before 10:00"],
  ["after / before / between", "en", "before noon", "before 12:00"],
  ["after / before / between", "fr", "entre 14h et 16h", "after 14:00 before 16:00"],
  ["after / before / between", "en", "between 2 and 4 tomorrow", "2030-01-08 after 14:00 before 16:00"],
  ["after / before / between", "fr", "pas avant 11h", "after 11:00"],
  ["after / before / between", "en", "any time after 5", "after 17:00"],

  ["relative days", "fr", "demain", "2030-01-08"],
  ["relative days", "fr", "après-demain 9h", "2030-01-09 09:00"],
  ["relative days", "en", "tomorrow at 11", "2030-01-08 11:00"],
  ["relative days", "en", "the day after tomorrow", "2030-01-09"],
  ["relative days", "en", "next friday", "2030-01-11"],
  ["relative days", "fr", "ce vendredi", "2030-01-11"],
  ["relative days", "en", "this thursday at 4", "2030-01-10 16:00"],
  ["relative days", "fr", "la semaine prochaine", "2030-01-14"],
  ["relative days", "fr", "dans 3 jours", "2030-01-10"],
  ["relative days", "en", "in two weeks", "2030-01-21"],
  ["relative days", "fr", "mardi en huit", "2030-01-15"],
  ["relative days", "fr", "aujourd'hui à 16h", "2030-01-07 16:00"],

  ["past dates", "fr", "hier", "2030-01-06"],
  ["past dates", "en", "yesterday at 3", "2030-01-06 15:00"],
  ["past dates", "fr", "avant-hier", "2030-01-05"],
  ["past dates", "fr", "lundi dernier", "2029-12-31"],
  ["past dates", "en", "last Friday", "2030-01-04"],
  ["past dates", "fr", "le 2 janvier", "2030-01-02"],
  ["past dates", "en", "January 3rd", "2030-01-03"],
  ["past dates", "fr", "le 3/01 à 10h", "2030-01-03 10:00"],
  ["past dates", "en", "this morning at 7", "2030-01-07 07:00 morning"],

  ["clock times", "fr", "à 15h", "15:00"],
  ["clock times", "en", "at 3pm", "15:00"],
  ["clock times", "fr", "14h30", "14:30"],
  ["clock times", "en", "at 2:30", "14:30"],
  ["clock times", "fr", "à 9 heures", "09:00"],
  ["clock times", "en", "noon", "12:00"],
  ["clock times", "fr", "à midi", "12:00"],
  ["clock times", "fr", "10 h 15", "10:15"],
  ["clock times", "en", "17:00", "17:00"],
  ["clock times", "en", "at 11am", "11:00"],
  ["clock times", "fr", "vers 16h", "16:00"],
  ["clock times", "fr", "à 4h", "16:00"],

  ["numbers in words", "fr", "à trois heures", "15:00"],
  ["numbers in words", "en", "at three", "15:00"],
  ["numbers in words", "en", "at two thirty", "14:30"],
  ["numbers in words", "en", "ten thirty tomorrow", "2030-01-08 10:30"],
  ["numbers in words", "en", "at eleven", "11:00"],
  ["numbers in words", "fr", "à quinze heures", "15:00"],
  ["numbers in words", "fr", "à dix heures et demie", "10:30"],
  ["numbers in words", "fr", "onze heures", "11:00"],
  ["numbers in words", "en", "four o'clock", "16:00"],
  ["numbers in words", "fr", "dix-sept heures trente", "17:30"],

  ["SMS style and typos", "fr", "dem1 a 10h", "2030-01-08 10:00"],
  ["SMS style and typos", "fr", "2main 14h", "2030-01-08 14:00"],
  ["SMS style and typos", "en", "tmrw at 3", "2030-01-08 15:00"],
  ["SMS style and typos", "en", "tomorow 10am", "2030-01-08 10:00"],
  ["SMS style and typos", "fr", "auj 16h", "2030-01-07 16:00"],
  ["SMS style and typos", "en", "thurs 2pm", "2030-01-10 14:00"],
  ["SMS style and typos", "en", "wed at 11", "2030-01-09 11:00"],
  ["SMS style and typos", "en", "tues morning", "2030-01-08 morning"],
  ["SMS style and typos", "en", "mon 9am", "2030-01-14 09:00"],
  ["SMS style and typos", "fr", "mecredi 10h", "2030-01-09 10:00"],
  ["SMS style and typos", "fr", "vendredi 14h30", "2030-01-11 14:30"],
  ["SMS style and typos", "fr", "ce soir 18h", "2030-01-07 18:00 evening"],
  ["SMS style and typos", "en", "2moro arvo", "2030-01-08 afternoon"],
  ["SMS style and typos", "fr", "samedi matin", "2030-01-12 morning"],

  ["earliest", "en", "the earliest you have", "asap"],
  ["earliest", "fr", "au plus vite", "asap"],
  ["earliest", "fr", "le plus tôt possible", "asap"],
  ["earliest", "en", "next available", "asap"],
  ["earliest", "en", "first available appointment", "asap"],
  ["earliest", "fr", "dès que vous pouvez", "asap"],
  ["earliest", "fr", "le premier créneau dispo", "asap"],
  ["earliest", "en", "earliest tomorrow", "2030-01-08 asap"],

  ["held out", "en", "Tuesday 15th at 10:30", "2030-01-15 10:30"],
  ["held out", "en", "thu 17th 4pm", "2030-01-17 16:00"],
  ["held out", "fr", "le vendredi 18 vers 11h", "2030-01-18 11:00"],
  ["held out", "fr", "samedi 12 janvier 10h", "2030-01-12 10:00"],
  ["held out", "en", "on the 23rd around noon", "2030-01-23 12:00"],
  ["held out", "fr", "pour le 20", "2030-01-20"],
  ["held out", "en", "half past ten on friday", "2030-01-11 10:30"],
  ["held out", "en", "quarter past four tomorrow", "2030-01-08 16:15"],
  ["held out", "fr", "demain à midi et quart", "2030-01-08 12:15"],
  ["held out", "fr", "jeudi à 9h et quart", "2030-01-10 09:15"],
  ["held out", "fr", "mardi 17h moins 10", "2030-01-08 16:50"],
  ["held out", "en", "wednesday late afternoon", "2030-01-09 late_afternoon"],
  ["held out", "fr", "vendredi en fin de matinée", "2030-01-11 late_morning"],
  ["held out", "en", "friday first thing in the morning", "2030-01-11 early_morning"],
  ["held out", "fr", "lundi prochain en début d'après-midi", "2030-01-14 early_afternoon"],
  ["held out", "en", "monday after 2", "2030-01-14 after 14:00"],
  ["held out", "fr", "mercredi avant 11h", "2030-01-09 before 11:00"],
  ["held out", "en", "the day before yesterday", "2030-01-05"],
  ["held out", "fr", "mercredi dernier", "2030-01-02"],
  ["held out", "en", "december 30th", "2029-12-30"],
  ["held out", "en", "at noon tomorrow", "2030-01-08 12:00"],
  ["held out", "fr", "demain 8h45", "2030-01-08 08:45"],
  ["held out", "en", "at six thirty pm", "18:30"],
  ["held out", "fr", "à quatorze heures trente", "14:30"],
  ["held out", "fr", "dmain vers 15h", "2030-01-08 15:00"],
  ["held out", "en", "tmw morning", "2030-01-08 morning"],
  ["held out", "en", "whenever is soonest", "asap"],
  ["held out", "fr", "le plus rapidement possible", "asap"],

  // Written with the real-callers dialogues; the parser missed the first five.
  ["real callers", "en", "tuesday at 2.30pm", "2030-01-08 14:30"],
  ["real callers", "fr", "jeudi à 14.30", "2030-01-10 14:30"],
  ["real callers", "en", "the week after next", "2030-01-21"],
  ["real callers", "en", "thursday the week after next", "2030-01-24"],
  ["real callers", "fr", "mardi pendant la pause de midi", "2030-01-08 lunch"],
  ["real callers", "fr", "après-demain vers 11h", "2030-01-09 11:00"],
  ["real callers", "en", "in two weeks", "2030-01-21"],
  ["real callers", "fr", "jeudi de la semaine prochaine à 15h", "2030-01-17 15:00"],
];
