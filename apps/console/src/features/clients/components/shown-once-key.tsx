import { Check, Copy } from 'lucide-react';
import { useState } from 'react';
import { Button } from '../../../components/ui/button';

/** A newly issued secret: shown this once, with a copy button. */
export function ShownOnceKey({
  secret,
  onDone,
}: {
  readonly secret: string;
  readonly onDone: () => void;
}) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="flex flex-col gap-3">
      <p className="text-sm">
        Copy the key now: Gatehouse keeps only its hash, and it will{' '}
        <strong>not be shown again</strong>.
      </p>
      <code
        data-testid="issued-key"
        className="block rounded-md bg-muted p-3 font-mono text-sm break-all"
      >
        {secret}
      </code>
      <div className="flex justify-end gap-2">
        <Button
          variant="outline"
          onClick={() => {
            void navigator.clipboard?.writeText(secret).then(() => setCopied(true));
          }}
        >
          {copied ? (
            <Check className="h-4 w-4" aria-hidden="true" />
          ) : (
            <Copy className="h-4 w-4" aria-hidden="true" />
          )}
          {copied ? 'Copied' : 'Copy'}
        </Button>
        <Button onClick={onDone}>Done</Button>
      </div>
    </div>
  );
}
