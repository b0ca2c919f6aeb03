const messages = {
  en: {
    title: 'Sportello cannot start',
    body: 'The desk database could not be opened. Details are in the log. Restore the last backup or contact the head office.',
  },
  it: {
    title: 'Impossibile avviare Sportello',
    body: "Non è stato possibile aprire il database della postazione. I dettagli sono nel registro. Ripristina l'ultimo backup o contatta la sede centrale.",
  },
  ru: {
    title: 'Не удаётся запустить Sportello',
    body: 'Не удалось открыть базу данных стойки. Подробности в журнале. Восстановите последнюю резервную копию или обратитесь в головной офис.',
  },
} as const;

const damaged = {
  en: {
    body: 'The desk database is damaged.',
    restore: (file: string) => `Restore the last backup: sportello restore "${file}".`,
    rebootstrap: 'No backup is known: set this desk up again from the head office (enrolment).',
  },
  it: {
    body: 'Il database della postazione è danneggiato.',
    restore: (file: string) => `Ripristina l'ultimo backup: sportello restore "${file}".`,
    rebootstrap:
      'Nessun backup noto: configura di nuovo la postazione dalla sede centrale (registrazione).',
  },
  ru: {
    body: 'База данных стойки повреждена.',
    restore: (file: string) =>
      `Восстановите последнюю резервную копию: sportello restore "${file}".`,
    rebootstrap:
      'Резервная копия не найдена: настройте стойку заново из головного офиса (регистрация).',
  },
} as const;

export type WayBack =
  { kind: 'restore_backup'; file: string } | { kind: 'rebootstrap_from_server' };

/**
 * The one message main shows itself (before any window exists), in the system's language; a
 * damaged database (failed `integrity_check`) names the way back.
 */
export function startupFailureMessage(
  locale: string,
  wayBack?: WayBack,
): { title: string; body: string } {
  const code = locale.slice(0, 2).toLowerCase();
  const language = code === 'it' || code === 'ru' ? code : 'en';
  if (!wayBack) return messages[language];
  const text = damaged[language];
  const next = wayBack.kind === 'restore_backup' ? text.restore(wayBack.file) : text.rebootstrap;
  return { title: messages[language].title, body: `${text.body} ${next}` };
}
