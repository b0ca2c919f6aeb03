const messages = {
  en: {
    title: 'Sportello cannot start',
    body: 'The desk database could not be opened. Details are in the log. Restore the last backup or contact the head office.',
  },
  it: {
    title: 'Impossibile avviare Sportello',
    body: "Non è stato possibile aprire il database dello sportello. I dettagli sono nel registro. Ripristina l'ultimo backup o contatta la sede centrale.",
  },
  ru: {
    title: 'Не удаётся запустить Sportello',
    body: 'Не удалось открыть базу данных стойки. Подробности в журнале. Восстановите последнюю резервную копию или обратитесь в головной офис.',
  },
} as const;

/** The one message main shows itself (before any window exists), in the system's language. */
export function startupFailureMessage(locale: string): { title: string; body: string } {
  const language = locale.slice(0, 2).toLowerCase();
  return language === 'it' || language === 'ru' ? messages[language] : messages.en;
}
