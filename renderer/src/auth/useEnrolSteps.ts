import { useState, type FormEvent } from 'react';
import type { AppError, Result } from '../../../core/contract/errors';
import type { PreviewedSite } from './EnrolConfirm';

/** What the server says a code is for, and (enrolling again) what this desk is now. */
export interface EnrolPreview {
  site: PreviewedSite;
  current: { code: string; name: string } | null;
}

/**
 * The steps every enrolment form goes through (first run, the head office joining, a revoked desk
 * enrolling again): the code is first previewed (`ask`, the form's submit), its site shown to
 * confirm (`previewed`, for `EnrolConfirm`), and spent only on `confirm`. Back, or a refusal at
 * the last step (the code used meanwhile, the server gone), returns to the form with the code
 * field to focus (`backFromConfirm`) and the failure to show.
 */
export function useEnrolSteps<T>({
  preview,
  enrol,
  onEnrolled,
}: {
  preview(): Promise<Result<EnrolPreview>>;
  enrol(): Promise<Result<T>>;
  onEnrolled(value: T, previewed: EnrolPreview): void;
}) {
  const [failure, setFailure] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const [previewed, setPreviewed] = useState<EnrolPreview | null>(null);
  const [backFromConfirm, setBackFromConfirm] = useState(false);

  const ask = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    const result = await preview();
    setBusy(false);
    if (result.ok) setPreviewed(result.value);
    else setFailure(result.error);
  };
  const back = () => {
    setPreviewed(null);
    setBackFromConfirm(true);
  };
  const confirm = async () => {
    if (!previewed) return;
    setBusy(true);
    const result = await enrol();
    setBusy(false);
    if (result.ok) return onEnrolled(result.value, previewed);
    back();
    setFailure(result.error);
  };
  return { failure, busy, previewed, backFromConfirm, ask, confirm, back };
}
