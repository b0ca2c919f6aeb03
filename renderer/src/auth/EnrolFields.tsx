import { TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * The head office's address and the one-time enrolment code, as the first-run screen and the
 * stand-alone head office's "Join" form ask them. `issue` gives a field's translated problem.
 * `focusCode`: back from the confirmation, the code (the likelier mistake) has the focus.
 */
export function EnrolFields({
  serverUrl,
  code,
  onServerUrl,
  onCode,
  issue,
  focusCode = false,
}: {
  serverUrl: string;
  code: string;
  onServerUrl(value: string): void;
  onCode(value: string): void;
  issue(path: string): string | undefined;
  focusCode?: boolean;
}) {
  const { t } = useTranslation('auth');
  return (
    <>
      <TextInput
        label={t('firstRun.serverUrl')}
        description={t('firstRun.serverUrlHint')}
        placeholder="https://sede.example.it"
        type="url"
        autoComplete="url"
        data-autofocus={!focusCode || undefined}
        autoFocus={!focusCode}
        required
        value={serverUrl}
        onChange={(e) => onServerUrl(e.currentTarget.value)}
        error={issue('serverUrl')}
      />
      <TextInput
        label={t('firstRun.enrolCode')}
        description={t('firstRun.enrolCodeHint')}
        autoComplete="off"
        spellCheck={false}
        data-autofocus={focusCode || undefined}
        autoFocus={focusCode}
        required
        value={code}
        onChange={(e) => onCode(e.currentTarget.value)}
        error={issue('code')}
      />
    </>
  );
}
